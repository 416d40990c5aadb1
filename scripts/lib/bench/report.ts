/** bench/results.md from the results: one table per figure, in the issue's order. */
import { BUILDS, type ColdStartFigure } from './cold-start';
import type { Machine } from './machine';
import type { OrgSweepFigure } from './org-sweep';
import type { RemediationFigure } from './remediations';
import { showSpread, type Spread } from './stats';
import type { StormFigure } from './storm';
import type { SweepFigure } from './sweep';

export interface BenchResults {
  machine: Machine;
  versions: Record<string, string>;
  settings: { runs: number; samples: number; repeats: number };
  remediations?: RemediationFigure[];
  coldStart?: ColdStartFigure[];
  /** Custodian's module init (import c7n.handler + the security-group resource), same machine, same moment. */
  custodianInitMs?: Spread;
  storm?: StormFigure;
  sweep?: SweepFigure;
  orgSweep?: OrgSweepFigure;
  /** What was not measured, and why. */
  notMeasured: string[];
}

const calls = (counts: Record<string, number>): string => Object.entries(counts).map(([k, n]) => `${k.split(':')[1]} ${n}`).join(', ');

export function renderResults(r: BenchResults): string {
  const m = r.machine;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${m.date.slice(0, 16).replace('T', ' ')} UTC: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}, Node ${m.node};`,
    `${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}. Load average ${m.loadAtStart} at start, ${m.loadAtEnd ?? '?'} at end (other work on the`,
    'machine skews timings: compare figures of one run with each other, not with AWS). Timings include moto on loopback.',
    '',
  ];
  if (r.remediations) {
    lines.push(`## 1. Per remediation type (${r.settings.runs} warm runs each, one process)`, '', '| remediation | API calls per event | total | p50 ms | p95 ms | min-max ms |', '|---|---|---|---|---|---|');
    for (const f of r.remediations) lines.push(`| ${f.scenario} (${f.outcome}) | ${calls(f.callsPerRun)} | ${f.totalPerRun} | ${f.p50Ms} | ${f.p95Ms} | ${f.minMs}-${f.maxMs} |`);
    lines.push('', 'Time: from the event handed to the pipeline to the verified fix and the published notice.', '');
  }
  if (r.coldStart) {
    lines.push(
      `## 2. Cold start (module init = require of the handler in a fresh Node process, min / median / max of ${r.settings.samples})`,
      '',
      `| function | zip (serverless package) KiB | ${BUILDS.map((b) => `${b}: deflated KiB, init ms`).join(' | ')} |`,
      `|---|---|${BUILDS.map(() => '---').join('|')}|`,
    );
    for (const f of r.coldStart) lines.push(`| ${f.function} | ${f.packagedZipKiB} | ${BUILDS.map((b) => `${f.builds[b].deflatedKiB} KiB, ${showSpread(f.builds[b].initMs)}`).join(' | ')} |`);
    lines.push(
      '',
      ...(r.custodianInitMs ? [`Cloud Custodian, same machine and moment: import c7n.handler + the security-group resource, ${showSpread(r.custodianInitMs)} ms (min / median / max of ${r.settings.samples}).`, ''] : []),
      'Shipped: **bundled, own clients** (serverless.yml bundles and minifies the SDK from its ES module builds; each handler passes only the client classes its paths use). Before issue 14: external, all clients.',
      'External: the SDK loaded from node_modules (`NODE_PATH`), as the nodejs22.x runtime loads its own copy. Deflated: handler.js at zip level 9.',
      '',
    );
  }
  if (r.storm) {
    const s = r.storm;
    lines.push(
      '## 3. Event storm through the routing path',
      '',
      `${s.events} AuthorizeSecurityGroupIngress events for ${s.groups} groups (${Object.entries(s.mix).map(([k, n]) => `${n} ${k}`).join(', ')}), shuffled, one process, each through serverless.yml's patterns and the pipeline.`,
      '',
      '| figure | measured | correct answer |',
      '|---|---|---|',
      `| revokes (RevokeSecurityGroupIngress) | ${s.revokes} | ${s.expected.revokes} (one per distinct world-open rule) |`,
      `| notices | ${s.notices} | ${s.expected.notices} (one per change) |`,
      `| world-open rules left | ${s.openRulesLeft} | 0 |`,
      `| kept rules left (tcp 443) | ${s.keptRulesLeft} | ${s.expected.keptRulesLeft} |`,
      `| answer correct | **${s.correct ? 'yes' : 'NO'}** | |`,
      `| outcomes | ${Object.entries(s.outcomes).map(([k, n]) => `${k} ${n}`).join(', ')} | |`,
      `| API calls | ${s.totalCalls} (${calls(s.calls)}) | |`,
      `| throughput | ${s.eventsPerSecond} events/s, ${s.msPerEvent} ms per event (${s.wallMs} ms in all) | |`,
      '',
    );
  }
  if (r.sweep) lines.push(...renderSweep(r.sweep));
  if (r.orgSweep) lines.push(...renderOrgSweep(r.orgSweep));
  if (r.notMeasured.length > 0) lines.push('## Not measured', '', ...r.notMeasured.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

function renderSweep(s: SweepFigure): string[] {
  const lines = [
    `## 4. Sweep of ${s.groups} groups, side by side (${s.repeats} repeats, moto re-seeded before each tool's run)`,
    '',
    `${s.worldOpenGroups} world-open groups in mixed shapes (IPv4, IPv6, -1, port ranges over 22, tcp 80/443 kept, udp 443 revoked, icmp kept, exempt groups, private CIDRs); ${s.rulesSeeded} ingress rules seeded, ${s.rulesExpectedLeft} left by a correct sweep (oracle computed from the seed).`,
    '',
    '| tool | whole process ms (min / median / max) | in-process ms | API calls | over-removals | misses | exactly the expected rules |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const t of s.summary) lines.push(`| ${t.tool} | ${showSpread(t.wallMs)} | ${showSpread(t.inProcessMs)} | ${t.totalCalls} (${calls(t.calls)}) | ${t.overRemovals} | ${t.misses} | ${t.exactEveryRun ? 'yes, every run' : '**no**'} |`);
  if (s.ratios) lines.push('', `Ratios ${s.summary[0]?.tool} / ${s.summary[1]?.tool}, per repeat (min / median / max): in-process ${showSpread(s.ratios.inProcess)}, whole process ${showSpread(s.ratios.wall)}.`);
  lines.push('', "In-process: chain-guard's sweepSecurityGroups() call; Custodian's Policy run (describe, filter, revoke), without interpreter start-up, imports and policy validation.", '');
  return lines;
}

function renderOrgSweep(s: OrgSweepFigure): string[] {
  return [
    `## 5. The same sweep over ${s.accounts.length} accounts x ${s.regions.length} regions (${s.repeats} repeats, moto re-seeded before each)`,
    '',
    `Accounts ${s.accounts.join(', ')} (the central one, then two emulator members reached through their member role with the external id), regions ${s.regions.join(', ')}: ${s.groups} groups in all, ${s.worldOpenGroups} world-open in figure 4's shapes (${s.exemptGroups} of them exempt: EXEMPT_TAG_KEY set, their rules must stay), ${s.rulesSeeded} ingress rules seeded, ${s.rulesExpectedLeft} left by a correct sweep (figure 4's oracle, per target). Enforce, write cap ${s.writeCap} (above the open rules), one in-process sweepAll() run, targets 3 at a time.`,
    '',
    '| figure | measured |',
    '|---|---|',
    `| whole run ms (min / median / max) | ${showSpread(s.inProcessMs)} |`,
    `| per target ms (min / median / max over every target of every repeat) | ${showSpread(s.perTargetMs)} |`,
    `| API calls per run | ${s.totalCalls} (${calls(s.calls)}) |`,
    `| over-removals / misses (all repeats) | ${s.overRemovals} / ${s.misses} |`,
    `| world-open rules left (all repeats) | ${s.worldOpenRulesLeft} |`,
    `| targets not swept (all repeats) | ${s.targetsNotSwept} |`,
    `| exactly the expected rules | ${s.exactEveryRun ? 'yes, every run' : '**no**'} |`,
    '',
  ];
}
