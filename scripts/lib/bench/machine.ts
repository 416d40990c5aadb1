/** Where and when the bench ran: the README quotes these next to the figures. */
import { cpus, loadavg, release, totalmem } from 'node:os';
import { availableParallelism } from 'node:os';

export interface Machine {
  date: string;
  cores: number;
  cpu: string;
  memoryGiB: number;
  os: string;
  node: string;
  /** 1-minute load average when the bench started and ended: other work on the machine skews the timings. */
  loadAtStart: number;
  loadAtEnd?: number;
}

export function describeMachine(): Machine {
  return {
    date: new Date().toISOString(),
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export const currentLoad = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;
