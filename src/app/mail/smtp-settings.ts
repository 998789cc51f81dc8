/** How to reach the SMTP server of a sender address (a mailbox's `--smtp` URL, its secrets already resolved). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (smtps://, port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  /** An OAuth2 access token (XOAUTH2), for Microsoft 365 and Google Workspace. */
  accessToken?: string;
}

/** The SMTP settings for mail sent from this address, or undefined when no mailbox of Portero's sends from it. */
export type SmtpLookup = (fromAddress: string) => Promise<SmtpSettings | undefined>;
