// One file a customer sends (a portal upload, an email attachment) may weigh this much; larger ones are refused.
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Files one message may carry. */
export const MAX_ATTACHMENTS = 5;
