import { anyOf } from '../util/patterns';
import type { SecretPattern } from './secretPatterns';

/**
 * Secrets passed to programs as arguments rather than assigned to a telling name: `--token X`,
 * `mysql -pX`, `curl -u user:pw`, `aws configure set aws_secret_access_key X`. A shell history
 * and an agent's terminal are full of these, and nothing in the value itself says it is secret,
 * so the pattern is the flag (or the program and its flag) and only the value is replaced.
 *
 * Bounded like every other pattern: no quantifier is unbounded and none repeats a quantified group.
 */

/** A flag value: quoted, or up to the next blank. Never spans lines, never starts with `-` (that is the next flag). */
const VALUE = `(?:"[^"\\n]{1,500}"|'[^'\\n]{1,500}'|[^\\s'"-][^\\s'"]{0,499})`;
/** A shell command's own words: stops at a pipe, `;`, `&&` or the end of the line. */
const SAME_COMMAND = `[^\\n;|&]{0,120}?`;

/** The last word of a long flag's name that makes its value a secret (`--db-password`, `--github-token`). */
const FLAG_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'pass',
  'pwd',
  'secret',
  'token',
  'api-key',
  'api_key',
  'apikey',
  'credential',
  'credentials',
  'auth',
  'storepass',
  'keypass',
  'access-key',
  'secret-key',
  'private-key',
  'auth-key',
  'license-key',
  'signing-key',
  'encryption-key',
  'master-key',
  'account-key',
  'session-key',
  'client-key',
  'app-key',
  'deploy-key',
  'service-key',
  'shared-key',
  'webhook-key',
].join('|');

/** Database and archive clients that take the password as `-p`, attached or not. */
const DASH_P_CLIENTS = [
  'mysql',
  'mysqldump',
  'mysqladmin',
  'mysqlimport',
  'mysqlcheck',
  'mysqlpump',
  'mysqlsh',
  'mariadb',
  'mariadb-dump',
  'mariadb-admin',
  'mongo',
  'mongosh',
  'mongodump',
  'mongorestore',
  'mongoexport',
  'mongoimport',
  'cqlsh',
  'sshpass',
  '7z',
  '7za',
];
/** `docker login`, `helm registry login`, ...: registry logins take `-p` too (unlike `docker run -p`). */
const REGISTRY_LOGIN = `(?:docker|podman|nerdctl|helm|oras|buildah|skopeo)(?:[ \\t]{1,3}registry)?[ \\t]{1,3}login`;

/** curl and wget options that take `user:password`. */
const USER_FLAG = anyOf(['-u', '--user', '--proxy-user', '-U', '-a', '--auth']);

/** `config set` and `configure set`, with up to two options (`--global`, `--profile x`) before the key. */
const CONFIG_SET = `\\b(?:config|configure)(?:[ \\t]{1,3}set)?[ \\t]{1,3}(?:--[A-Za-z-]{1,20}[ \\t]{1,3}){0,2}`;
/** A config key that names a secret somewhere inside it (`aws_secret_access_key`, `//host/:_authToken`). */
const CONFIG_SECRET_KEY = [
  `["']?[^\\s"'=]{0,60}`,
  anyOf(['secret', '[Tt]oken', 'password', 'passwd', 'passphrase', 'api[_-]?key', 'apikey', '_auth']),
  `[^\\s"'=]{0,60}["']?`,
].join('');

/** Options that assign `name=value`: `-D`, `--from-literal`, `--set`, `-var`, `--build-arg`, `--env`, `-e`. */
const ASSIGNING_FLAG = anyOf(['D', '-from-literal', '-set', '-set-string', 'var', '-build-arg', '-env', 'e']);
/** The word in an assigned name that makes its value a secret. */
const ASSIGNED_SECRET_WORD = anyOf([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'login',
]);

/** Values that name where a secret is rather than being one, or that are the next flag. */
const NOT_A_VALUE = /^(?:-|\$|%|<|\{\{|\[REDACTED|\*{3}|\.{3}|stdin$|none$|None$|null$|true$|false$|prompt$)/;

/**
 * Replaces the value that ends the match: a quoted string, or the last run without blanks with
 * `attached` (an option letter, `--name=`, `key=`) kept in front of it. A placeholder or the next
 * flag declines the match.
 */
function replaceTrailingValue(attached?: RegExp): (match: string, marker: string) => string {
  return (match, marker) => {
    const quote = match.endsWith('"') || match.endsWith("'") ? match.slice(-1) : '';
    const open = quote ? match.lastIndexOf(quote, match.length - 2) : -1;
    const start = quote ? open : Math.max(match.lastIndexOf(' '), match.lastIndexOf('\t')) + 1;
    if (quote && open < 0) return match;
    let kept = quote ? match.slice(0, start + 1) : match.slice(0, start);
    let value = quote ? match.slice(start + 1, -1) : match.slice(start);
    const prefix = !quote && attached ? attached.exec(value)?.[0] : undefined;
    if (prefix) {
      kept += prefix;
      value = value.slice(prefix.length);
    }
    if (value.length === 0 || NOT_A_VALUE.test(value)) return match;
    return `${kept}${marker}${quote}`;
  };
}

export const COMMAND_LINE_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'cli-flag',
    // --token X, --api-key=X, --db-password "X", --with-token X; the name must end in the word,
    // so --token-file and --password-stdin name a file or a stream, not a secret.
    source: `--(?:[A-Za-z0-9]{1,24}[-_.]){0,4}(?:${FLAG_WORDS})(?:=|[ \\t]{1,3})${VALUE}`,
    probe: '--',
    replace: replaceTrailingValue(/^--[^=\s]{1,140}=/),
  },
  {
    kind: 'cli-password',
    // Database and archive clients that take the password as -p (attached or not): mysql -pX,
    // mongosh -p X, cqlsh -p X, sshpass -p X, 7z -pX, and registry logins (not `docker run -p`).
    probe: '-p',
    source: [
      `\\b${anyOf([...DASH_P_CLIENTS, REGISTRY_LOGIN, `az[ \\t]{1,3}login`])}\\b`,
      `${SAME_COMMAND}[ \\t]-p(?:[ \\t]{1,3})?${VALUE}`,
    ].join(''),
    replace: replaceTrailingValue(/^-p/),
  },
  {
    kind: 'cli-password',
    // sqlcmd and bcp -P, zip and unzip -P, ssh-keygen -P (old passphrase).
    source: `\\b(?:sqlcmd|bcp|zip|unzip|ssh-keygen)\\b${SAME_COMMAND}[ \\t]-P[ \\t]{1,3}${VALUE}`,
    probe: '-P',
    replace: replaceTrailingValue(),
  },
  {
    kind: 'cli-password',
    // ssh-keygen -N (new passphrase).
    source: `\\bssh-keygen\\b${SAME_COMMAND}[ \\t]-N[ \\t]{1,3}${VALUE}`,
    probe: 'ssh-keygen',
    replace: replaceTrailingValue(),
  },
  {
    kind: 'cli-password',
    source: `\\bredis-cli\\b${SAME_COMMAND}[ \\t]-a[ \\t]{1,3}${VALUE}`,
    probe: 'redis-cli',
    replace: replaceTrailingValue(),
  },
  {
    kind: 'cli-password',
    // keytool and jarsigner: -storepass X, -srcstorepass X (and -keypass, below).
    source: `[ \\t]-(?:src|dest|new)?storepass[ \\t]{1,3}${VALUE}`,
    probe: 'storepass',
    replace: replaceTrailingValue(),
  },
  {
    kind: 'cli-password',
    source: `[ \\t]-(?:src|dest|new)?keypass[ \\t]{1,3}${VALUE}`,
    probe: 'keypass',
    replace: replaceTrailingValue(),
  },
  {
    kind: 'cli-password',
    // openssl -pass pass:X, -passin pass:X.
    source: `\\bpass:[^\\s'":]{1,300}`,
    probe: 'pass:',
    replace: replaceTrailingValue(/^pass:/),
  },
  {
    kind: 'basic-auth',
    // curl -u user:pw, curl --user user:pw: the user stays, the password goes. (Not httpie: `http`
    // would start this scan at every URL.)
    probe: ':',
    source: [
      `\\b(?:curl|wget)\\b${SAME_COMMAND}[ \\t]${USER_FLAG}(?:=|[ \\t]{1,3})`,
      `["']?[^\\s:'"]{1,100}:[^\\s'"]{1,300}`,
    ].join(''),
    replace: replaceTrailingValue(/^(?:--?[A-Za-z-]{1,20}=)?["']?[^\s:'"]{1,100}:/),
  },
  {
    kind: 'cli-config-secret',
    // aws configure set aws_secret_access_key X, npm config set //host/:_authToken X,
    // git config github.token X, yarn config set npmAuthToken X.
    probe: 'config',
    source: `${CONFIG_SET}${CONFIG_SECRET_KEY}(?:[ \\t]{1,3}|=)${VALUE}`,
    replace: replaceTrailingValue(/^[^\s"'=]{1,130}["']?=/),
  },
  {
    kind: 'cli-config-secret',
    // gh secret set NAME --body X (a bare --body is prose: a PR description, an issue).
    probe: 'secret',
    source: `\\bgh[ \\t]{1,3}secret[ \\t]{1,3}set\\b${SAME_COMMAND}[ \\t](?:-b|--body)(?:=|[ \\t]{1,3})${VALUE}`,
    replace: replaceTrailingValue(/^--?[a-z]{1,4}=/),
  },
  {
    kind: 'cli-assignment',
    // -Dgpg.passphrase=X, --from-literal=password=X, --set auth.password=X, -var 'db_password=X',
    // --build-arg npm_token=X: lower-case names the env-secret rule does not see.
    source: [
      `(?:^|[ \\t])-${ASSIGNING_FLAG}(?:=|[ \\t]{0,3})`,
      `["']?[A-Za-z0-9_.-]{0,60}?${ASSIGNED_SECRET_WORD}[A-Za-z0-9_.-]{0,30}=${VALUE}`,
    ].join(''),
    probe: '=',
    replace: replaceTrailingValue(/^["']?(?:-{1,2}[A-Za-z-]{1,20}=)?["']?[A-Za-z0-9_.-]{0,100}=/),
  },
];
