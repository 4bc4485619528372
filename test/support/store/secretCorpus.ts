/**
 * Secrets in the shapes providers issue them, built at run time from a seeded generator so that
 * no real-looking token sits in the repository (and push protection has nothing to flag).
 * Each entry's `secret` is the part that must never be stored; `text` is how it shows up.
 */
export interface SecretSample {
  name: string;
  text: string;
  secret: string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64URL = `${ALNUM}-_`;

let state = 0x9e3779b9;
function chars(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    out += alphabet[state % alphabet.length];
  }
  // Mixed case and digits, as real tokens have (a run of one letter is not a credential).
  return out;
}

function sample(name: string, secret: string, text = secret): SecretSample {
  return { name, secret, text };
}

const j = (...parts: string[]): string => parts.join('');

export function secretCorpus(): SecretSample[] {
  state = 0x9e3779b9;
  const awsSecret = chars(`${ALNUM}/+`, 40);
  const password = `Pw${chars(ALNUM, 14)}!9`;
  const jwt = j('eyJ', chars(B64URL, 30), '.eyJ', chars(B64URL, 60), '.', chars(B64URL, 43));
  const pem = j(
    '-----BEGIN ',
    'RSA PRIVATE KEY-----\n',
    chars(`${ALNUM}+/`, 64),
    '\n',
    chars(`${ALNUM}+/`, 64),
    '\n-----END RSA PRIVATE KEY-----',
  );
  const opensshBody = chars(`${ALNUM}+/`, 70);
  return [
    sample('openai project key', j('sk-', 'proj-', chars(B64URL, 74), 'T3Blbk', 'FJ', chars(B64URL, 74))),
    sample('openai legacy key', j('sk-', chars(ALNUM, 48))),
    sample('anthropic key', j('sk-', 'ant-api03-', chars(B64URL, 93), 'AA')),
    sample('github classic pat', j('gh', 'p_', chars(ALNUM, 36))),
    sample('github oauth token', j('gh', 'o_', chars(ALNUM, 36))),
    sample('github app token', j('gh', 's_', chars(ALNUM, 36))),
    sample('github fine-grained pat', j('github_', 'pat_', chars(ALNUM, 22), '_', chars(ALNUM, 59))),
    sample('gitlab pat', j('gl', 'pat-', chars(B64URL, 20))),
    sample('slack bot token', j('xo', 'xb-', chars(DIGITS, 12), '-', chars(DIGITS, 13), '-', chars(ALNUM, 24))),
    sample(
      'slack webhook',
      j(
        'https://hooks.',
        'slack.com/services/T',
        chars(UPPER + DIGITS, 10),
        '/B',
        chars(UPPER + DIGITS, 10),
        '/',
        chars(ALNUM, 24),
      ),
    ),
    sample('stripe live secret', j('sk_', 'live_', chars(ALNUM, 24))),
    sample('stripe restricted', j('rk_', 'live_', chars(ALNUM, 24))),
    sample('aws access key id', j('AK', 'IA', chars(UPPER + DIGITS, 16))),
    sample('aws secret in credentials file', awsSecret, `aws_secret_access_key = ${awsSecret}`),
    sample('aws secret in env', awsSecret, `AWS_SECRET_ACCESS_KEY=${awsSecret}`),
    sample('google api key', j('AI', 'za', chars(B64URL, 35))),
    sample('google oauth client secret', j('GOC', 'SPX-', chars(B64URL, 28))),
    sample(
      'azure storage connection string',
      chars(`${ALNUM}+/`, 86) + '==',
      `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${''}`,
    ),
    sample('azure ad client secret', j(chars(ALNUM, 3), '8Q~', chars(`${ALNUM}_~.-`, 34))),
    sample('npm token', j('np', 'm_', chars(ALNUM, 36))),
    sample('npmrc auth token', chars(ALNUM, 36), ''),
    sample('pypi token', j('pypi-', 'AgEIcHlwaS5vcmc', chars(B64URL, 70))),
    sample('twilio api key', j('S', 'K', chars(HEX, 32))),
    sample('sendgrid key', j('S', 'G.', chars(B64URL, 22), '.', chars(B64URL, 43))),
    sample('hugging face token', j('h', 'f_', chars(UPPER + LOWER, 34))),
    sample('discord bot token', j('M', chars(ALNUM, 23), '.', chars(B64URL, 6), '.', chars(B64URL, 27))),
    sample('telegram bot token', j(chars(DIGITS, 10), ':AA', chars(B64URL, 33))),
    sample('shopify access token', j('shp', 'at_', chars(HEX, 32))),
    sample('mailgun key', j('ke', 'y-', chars(HEX, 32))),
    sample('digitalocean token', j('do', 'p_v1_', chars(HEX, 64))),
    sample(
      'heroku key in env',
      j(chars(HEX, 8), '-', chars(HEX, 4), '-', chars(HEX, 4), '-', chars(HEX, 4), '-', chars(HEX, 12)),
      '',
    ),
    sample('databricks token', j('da', 'pi', chars(HEX, 32))),
    sample('jwt', jwt),
    sample('rsa private key block', pem),
    sample(
      'openssh private key block',
      opensshBody,
      j('-----BEGIN ', 'OPENSSH PRIVATE KEY-----\n', opensshBody, '\n-----END OPENSSH PRIVATE KEY-----'),
    ),
    sample('password in url', password, `git clone https://deploy:${password}@git.example.com/team/repo.git`),
    sample('postgres url password', password.split('').reverse().join(''), ''),
    sample('env PASSWORD', `x${password}`, `DB_PASSWORD=x${password}`),
    sample('env quoted SECRET', `q${password}`, `export APP_SECRET="q${password}"`),
    sample('json password field', `j${password}`, `{"user": "bob", "password": "j${password}"}`),
    sample('bearer header', j(chars(ALNUM, 20), '9', chars(ALNUM, 19)), ''),
    sample('basic auth header', chars(`${ALNUM}+/`, 28) + '=', ''),
    sample('gitlab runner token', j('GR1348941', chars(B64URL, 20))),
    sample('docker hub pat', j('dckr', '_pat_', chars(B64URL, 27))),
    sample('vault token', j('hv', 's.', chars(B64URL, 95))),
    sample('age secret key', j('AGE-SECRET', '-KEY-1', chars(UPPER + DIGITS, 58))),
  ].map(fillTemplates);
}

/** Entries whose text depends on the secret itself are completed here. */
function fillTemplates(entry: SecretSample): SecretSample {
  switch (entry.name) {
    case 'azure storage connection string':
      return { ...entry, text: `${entry.text}${entry.secret};EndpointSuffix=core.windows.net` };
    case 'npmrc auth token':
      return { ...entry, text: `//registry.npmjs.org/:_authToken=${entry.secret}` };
    case 'heroku key in env':
      return { ...entry, text: `HEROKU_API_KEY=${entry.secret}` };
    case 'postgres url password':
      return { ...entry, text: `DATABASE_URL=postgres://app:${entry.secret}@db.internal:5432/prod` };
    case 'bearer header':
      return { ...entry, text: `curl -H "Authorization: Bearer ${entry.secret}" https://api.example.com` };
    case 'basic auth header':
      return { ...entry, text: `Authorization: Basic ${entry.secret}` };
    default:
      return entry;
  }
}
