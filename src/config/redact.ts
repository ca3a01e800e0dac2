/**
 * Secrets never leave the process: every URL we print goes through `redactUrl`, and every
 * message that might embed driver text goes through `redactSecrets` with the known secrets.
 */

const MASK = '***';

/** `postgres://u:secret@h/db` → `postgres://u:***@h/db`. Unparseable input is masked whole. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    // `user:secret@host/db` (scheme forgotten) parses as scheme "user:" with the secret in the
    // path: with no authority part there is no password field to mask, so mask it all.
    if (u.host === '' && url.includes('@')) return MASK;
    if (u.password) u.password = MASK;
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|pwd|secret|token/i.test(key)) u.searchParams.set(key, MASK);
    }
    return u.toString();
  } catch {
    return MASK;
  }
}

/** Replaces every occurrence of each non-empty secret (and its URL-encoded form) in `text`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join(MASK);
    }
  }
  return out;
}

/**
 * Secrets of this run (the SQL Server password, the Postgres URL's password), registered once
 * when the configuration is resolved. `formatError` scrubs them from every message it builds,
 * because driver errors are printed and stored as they come and we do not control their text.
 */
const registeredSecrets = new Set<string>();

export function registerSecret(secret: string): void {
  // Very short "secrets" would mask ordinary words; a 1–3 character password is not protected
  // by redaction anyway.
  if (secret.length >= 4) registeredSecrets.add(secret);
}

export function redactRegisteredSecrets(text: string): string {
  return registeredSecrets.size === 0 ? text : redactSecrets(text, [...registeredSecrets]);
}
