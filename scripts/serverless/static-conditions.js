'use strict';
/**
 * Serverless plugin: resolves at package time the CloudFormation conditions whose value is already known then.
 *
 * Optional settings are serverless params (`--param=...`), so `HasTopicKey: !Not [!Equals ['', '']]` is a constant
 * by the time the template is written. Left to CloudFormation, the dead branch still carries the empty value
 * (`KmsMasterKeyId: ''`, `Resource: ''`), which template checkers (cfn-lint) rightly reject. This plugin evaluates every
 * condition built only from literals (Fn::Equals / Not / And / Or / Condition, over literals or Fn::Select / Split / Join
 * of literals), keeps the live branch of each Fn::If,
 * drops resources whose condition is false, and removes the resolved conditions. Conditions that depend on the stack
 * (Ref, pseudo parameters) are left to CloudFormation.
 *
 * It also trims each `Fn::Sub: [text, variables]` to the variables its text uses, and a text that uses none to the
 * text itself: a setting put into a policy through Fn::Sub (for its `${AccountId}` / `${Region}`, README
 * "Organization") stays a plain string when written without tokens, as cfn-lint wants it.
 */
const NO_VALUE = Symbol('AWS::NoValue');

/** The value of a condition expression, or undefined when it is not known before deployment. */
function evaluate(expr, known) {
  if (typeof expr !== 'object' || expr === null || Array.isArray(expr)) return undefined;
  const [key, arg] = Object.entries(expr)[0] || [];
  if (key === 'Condition') return known.get(arg);
  if (key === 'Fn::Equals') {
    const values = Array.isArray(arg) ? arg.map(literal) : [];
    return values.length === 2 && values.every((v) => typeof v === 'string') ? values[0] === values[1] : undefined;
  }
  if (key === 'Fn::Not') {
    const inner = evaluate(arg[0], known);
    return inner === undefined ? undefined : !inner;
  }
  if (key === 'Fn::And' || key === 'Fn::Or') {
    const values = arg.map((a) => evaluate(a, known));
    if (key === 'Fn::And' && values.includes(false)) return false;
    if (key === 'Fn::Or' && values.includes(true)) return true;
    return values.includes(undefined) ? undefined : key === 'Fn::And';
  }
  return undefined;
}

/**
 * The string a value is at package time, or undefined: a literal, or Fn::Select / Fn::Split / Fn::Join over literals
 * (e.g. the region inside an ARN param). Anything that needs the stack (Ref, pseudo parameters) stays unknown.
 */
function literal(value) {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const [key, arg] = Object.entries(value)[0] || [];
  if (key === 'Fn::Select' && Array.isArray(arg)) {
    const list = literalList(arg[1]);
    const index = Number(arg[0]);
    return list && Number.isInteger(index) && index >= 0 && index < list.length ? list[index] : undefined;
  }
  if (key === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string') {
    const list = literalList(arg[1]);
    return list ? list.join(arg[0]) : undefined;
  }
  return undefined;
}

function literalList(value) {
  if (Array.isArray(value)) {
    const items = value.map(literal);
    return items.every((v) => typeof v === 'string') ? items : undefined;
  }
  if (value && typeof value === 'object' && Array.isArray(value['Fn::Split']) && typeof value['Fn::Split'][0] === 'string') {
    const text = literal(value['Fn::Split'][1]);
    return typeof text === 'string' ? text.split(value['Fn::Split'][0]) : undefined;
  }
  return undefined;
}

/** Every condition whose value is known from literals alone (conditions may refer to each other). */
function knownConditions(conditions) {
  const known = new Map();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, expr] of Object.entries(conditions)) {
      if (known.has(name)) continue;
      const value = evaluate(expr, known);
      if (value !== undefined) {
        known.set(name, value);
        changed = true;
      }
    }
  }
  return known;
}

/** Replaces each Fn::If on a known condition by its live branch; AWS::NoValue removes the key or list item. */
function prune(node, known) {
  if (Array.isArray(node)) return node.map((item) => prune(item, known)).filter((item) => item !== NO_VALUE);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node);
  if (entries.length === 1 && entries[0][0] === 'Fn::If' && known.has(entries[0][1][0])) {
    const [name, whenTrue, whenFalse] = entries[0][1];
    return prune(known.get(name) ? whenTrue : whenFalse, known);
  }
  if (entries.length === 1 && entries[0][0] === 'Ref' && entries[0][1] === 'AWS::NoValue') return NO_VALUE;
  const out = {};
  for (const [key, value] of entries) {
    const pruned = prune(value, known);
    if (pruned !== NO_VALUE) out[key] = pruned;
  }
  return out;
}

/** `node` with each list-form Fn::Sub trimmed to the variables its text uses (none: the text, or Fn::Sub of it). */
function simplifySubs(node) {
  if (Array.isArray(node)) return node.map(simplifySubs);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node);
  const [key, arg] = entries[0] || [];
  if (entries.length === 1 && key === 'Fn::Sub' && Array.isArray(arg) && typeof arg[0] === 'string' && arg[1] && typeof arg[1] === 'object') {
    const used = Object.entries(arg[1]).filter(([name]) => arg[0].includes(`\${${name}}`));
    if (used.length > 0) return { 'Fn::Sub': [arg[0], Object.fromEntries(used.map(([name, value]) => [name, simplifySubs(value)]))] };
    return arg[0].includes('${') ? { 'Fn::Sub': arg[0] } : arg[0];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, simplifySubs(v)]));
}

/** Resolves the known conditions of a compiled template (and trims its Fn::Sub), in place. Exported for the tests. */
function resolveStaticConditions(template) {
  const conditions = template.Conditions || {};
  const known = knownConditions(conditions);
  template.Resources = simplifySubs(template.Resources || {});
  if (known.size === 0) return template;
  for (const [id, resource] of Object.entries(template.Resources || {})) {
    if (resource.Condition && known.has(resource.Condition)) {
      if (!known.get(resource.Condition)) {
        delete template.Resources[id];
        continue;
      }
      delete resource.Condition;
    }
  }
  for (const [id, output] of Object.entries(template.Outputs || {})) {
    if (output.Condition && known.has(output.Condition)) {
      if (!known.get(output.Condition)) delete template.Outputs[id];
      else delete output.Condition;
    }
  }
  for (const name of known.keys()) delete conditions[name];
  template.Resources = prune(template.Resources, known);
  if (template.Outputs) template.Outputs = prune(template.Outputs, known);
  if (Object.keys(conditions).length === 0) delete template.Conditions;
  return template;
}

class StaticConditions {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:aws:package:finalize:saveServiceState': () => {
        resolveStaticConditions(this.serverless.service.provider.compiledCloudFormationTemplate);
      },
    };
  }
}

module.exports = StaticConditions;
module.exports.resolveStaticConditions = resolveStaticConditions;
module.exports.simplifySubs = simplifySubs;
