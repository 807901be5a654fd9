/** `sam.lee@example.com` → `s***@example.com`: enough to tell addresses apart in logs, not enough to mail them. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

const EMAIL_PATTERN = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Masks every email address inside free text (a safety net for log messages and error texts). */
export function maskEmailsIn(text: string): string {
  return text.replace(EMAIL_PATTERN, '$1***@$2');
}
