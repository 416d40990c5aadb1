/** A small CloudFormation intrinsic-function resolver, so tests can compare a resolved template fragment with code. */

/** What the pseudo parameters and conditions resolve to. */
export interface Stack {
  account: string;
  region: string;
  partition: string;
  /** Logical id -> value of `Ref` (e.g. a topic's ARN). */
  refs: Record<string, string>;
  conditions: Record<string, boolean>;
}

const NO_VALUE = Symbol('AWS::NoValue');

/** Resolves Ref, Fn::Sub (string form), Fn::If, Fn::Split, Fn::Join and AWS::NoValue; throws on anything else. */
export function resolveIntrinsics(node: unknown, stack: Stack): unknown {
  const value = resolve(node, stack);
  return value === NO_VALUE ? undefined : value;
}

function resolve(node: unknown, stack: Stack): unknown {
  if (Array.isArray(node)) return node.map((item) => resolve(item, stack)).filter((item) => item !== NO_VALUE);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  const [key, arg] = entries[0] ?? [];
  if (entries.length === 1 && key === 'Ref') return ref(String(arg), stack);
  if (entries.length === 1 && key === 'Fn::Sub') return sub(String(arg), stack);
  if (entries.length === 1 && key === 'Fn::If') {
    const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
    if (!(condition in stack.conditions)) throw new Error(`unknown condition ${condition}`);
    return resolve(stack.conditions[condition] ? whenTrue : whenFalse, stack);
  }
  if (entries.length === 1 && key === 'Fn::Split') {
    const [separator, text] = arg as [string, unknown];
    return String(resolve(text, stack)).split(separator);
  }
  if (entries.length === 1 && key === 'Fn::Select') {
    const [index, list] = arg as [number, unknown];
    const items = resolve(list, stack) as unknown[];
    if (!Array.isArray(items) || index >= items.length) throw new Error(`Fn::Select index ${index} out of range`);
    return items[index];
  }
  if (entries.length === 1 && key === 'Fn::Join') {
    const [separator, items] = arg as [string, unknown[]];
    return (resolve(items, stack) as unknown[]).join(separator);
  }
  if (entries.length === 1 && key?.startsWith('Fn::')) throw new Error(`unsupported intrinsic ${key}`);
  return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, stack)]).filter(([, v]) => v !== NO_VALUE));
}

function ref(name: string, stack: Stack): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name === 'AWS::AccountId') return stack.account;
  if (name === 'AWS::Region') return stack.region;
  if (name === 'AWS::Partition') return stack.partition;
  const value = stack.refs[name];
  if (value === undefined) throw new Error(`unknown Ref ${name}`);
  return value;
}

function sub(text: string, stack: Stack): string {
  return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => String(ref(name, stack)));
}
