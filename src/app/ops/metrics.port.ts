// What the use cases, the relay, the monitor and the adapters tell the operator's metrics, as plain calls: the app
// layer never sees prom-client. Labels are bounded sets (tenant, channel, outcome, code): never a case, a person or an
// address, so that a metric's series stay few whatever the traffic. The Prometheus implementation is
// adapters/metrics/prometheus-metrics.ts; `noMetrics` stands in where nothing is scraped (CLI commands, tests).

export interface MetricsPort {
  /** A case use case ended: done, or refused with its code (`case.invalid_transition`, `policy.quota_exceeded`…). */
  caseUseCase(event: {
    tenant: string;
    channel: string;
    useCase: string;
    outcome: 'done' | 'refused';
    code?: string;
  }): void;
  /** A customer wrote in chat: redirected, ignored (chit-chat), suppressed (inside the redirect window)… */
  chatMessage(event: { tenant: string; platform: string; decision: string }): void;
  /** An agent command was answered: done, refused (a case error) or invalid (it did not parse). */
  command(event: { platform: string; command: string; outcome: 'done' | 'refused' | 'invalid' }): void;
  /** The outbox relay settled a row: delivered, retried, deferred, dead, or stale (another relay held it). */
  delivery(event: { target: string; outcome: string }): void;
  /** The SLA monitor settled a timer (`sla.warning`, `sla.breach`, …): fired, skipped, deferred, failed. */
  slaTimer(event: { tenant: string; rule: string; target: string; outcome: string }): void;
  /** One monitor pass: how long it took, and how late its most overdue timer was when it was claimed. */
  slaPass(event: { seconds: number; lagSeconds: number }): void;
  /** An HTTP request answered, by the route it matched (never the raw path). */
  httpRequest(event: { route: string; method: string; status: number; seconds: number }): void;
  /** A chat platform request turned away at once because the work queue was full. */
  requestShed(event: { platform: string; kind: string }): void;
  /** Work acked early (Slack) finished: the time from the request's arrival to the end of its work. */
  requestWork(event: { platform: string; kind: string; seconds: number }): void;
  /**
   * A message taken from a mailbox (its id, never its address): what became of it (opened, replied, note, refused,
   * redirected, ignored, duplicate) and why (a refusal's code, a robot's header, bounce, out-of-office; '' for none).
   */
  mailMessage(event: { tenant: string; mailbox: string; outcome: string; reason: string }): void;
  /** An automatic message (robot headers or sender, Portero's own mail) left unanswered: a loop that did not start. */
  mailLoopSuppressed(event: { tenant: string; mailbox: string; reason: string }): void;
  /** A case opened by email had its acknowledgement accepted by SMTP: the time since the message arrived. */
  mailAck(event: { tenant: string; mailbox: string; seconds: number }): void;
}

const ignore = () => {};

/** Counts nothing. */
export const noMetrics: MetricsPort = {
  caseUseCase: ignore,
  chatMessage: ignore,
  command: ignore,
  delivery: ignore,
  slaTimer: ignore,
  slaPass: ignore,
  httpRequest: ignore,
  requestShed: ignore,
  requestWork: ignore,
  mailMessage: ignore,
  mailLoopSuppressed: ignore,
  mailAck: ignore,
};
