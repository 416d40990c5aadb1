/** The demo's unit: one thing that goes wrong in the account, and the event AWS would deliver about it. */

/** One thing that goes wrong in the account, and the event AWS would deliver about it. */
export interface Scenario {
  title: string;
  /** Makes the drift in the emulator; returns the event and a function that shows the resource's state. */
  setup(): Promise<{ event: unknown; state: () => Promise<string> }>;
}
