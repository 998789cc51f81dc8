/** What a bench/*.bench.ts default export resolves to: lines to print and whether its goal was met. */
export interface BenchReport {
  name: string;
  lines: string[];
  goalMet: boolean;
}

export type Bench = () => Promise<BenchReport>;
