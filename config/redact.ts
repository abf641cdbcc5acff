/** Query parameters and key=value settings that carry a secret in connection strings. */
const SECRET_PARAMS = /(^|[?&;\s])((?:ssl)?password|passwd|pwd|pass|secret|token|access_?token|api_?key|auth_?token|sslkey)=([^&;#\s]*)/gi;

/**
 * Replaces the password of a connection string with `replacement` (`***` for printing): the
 * userinfo password of a URL (a raw password may hold `/`, `@` or `:`; the userinfo ends at the
 * last `@` before the query), and password-like query parameters or key=value settings.
 */
export function redactUrl(url: string, replacement = '***'): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  const rest = url.slice(scheme.length);
  const queryAt = rest.indexOf('?', Math.max(0, rest.lastIndexOf('@')));
  const head = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt);
  let redacted = head;
  const at = scheme ? head.lastIndexOf('@') : -1;
  if (at !== -1) {
    const userinfo = head.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon !== -1 && colon < userinfo.length - 1) redacted = `${userinfo.slice(0, colon + 1)}${replacement}${head.slice(at)}`;
  }
  const secretsMasked = (text: string) => text.replace(SECRET_PARAMS, (_m, lead: string, key: string, value: string) => `${lead}${key}=${value ? replacement : ''}`);
  return `${scheme}${scheme ? redacted : secretsMasked(redacted)}${secretsMasked(query)}`;
}

/** A variable name that holds a secret by convention. */
export const isSecretKey = (key: string) => /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE|(^|_)PWD$|API_?KEY|CREDENTIAL/i.test(key);

/**
 * A .env text with every secret shown as `***`: values of secret-named variables, and the
 * passwords inside connection URLs. Comments and other values are kept, so a diff still reads.
 */
export function redactEnvText(text: string): string {
  return text.replace(/^(\s*(?:#\s*)?(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*)(.*)$/gm, (_m, lead: string, key: string, eq: string, value: string) => {
    if (isSecretKey(key) && value.trim() !== '') return `${lead}${key}${eq}***`;
    return `${lead}${key}${eq}${redactUrl(value)}`;
  });
}
