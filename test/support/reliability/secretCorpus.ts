import { seededRandom } from './random';

/**
 * Secrets in the formats Skillwright promises to redact, each as it would appear in text (`text`)
 * and the part that must never be stored or sent (`secret`). Tokens are generated, never real.
 */
export interface PlantedSecret {
  kind: string;
  text: string;
  secret: string;
}

const random = seededRandom(20_260_101);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

function pick(charset: string, length: number): string {
  let out = '';
  while (out.length < length) out += charset[Math.floor(random() * charset.length)];
  // Mixed letters and digits, as real tokens are (and as the code-assignment rule requires).
  return /[0-9]/.test(out) || !/[0-9]/.test(charset) ? out : `${out.slice(0, -1)}7`;
}

function token(kind: string, prefix: string, body: string, suffix = ''): PlantedSecret {
  return { kind, text: `${prefix}${body}${suffix}`, secret: body };
}

function whole(kind: string, value: string, context = (v: string): string => v): PlantedSecret {
  return { kind, text: context(value), secret: value };
}

export const SECRET_CORPUS: readonly PlantedSecret[] = [
  token(
    'private-key',
    '-----BEGIN RSA PRIVATE KEY-----\n',
    `MIIEow${pick(ALNUM, 58)}\n${pick(ALNUM, 64)}`,
    '\n-----END RSA PRIVATE KEY-----',
  ),
  token(
    'private-key (truncated)',
    '-----BEGIN OPENSSH PRIVATE KEY-----\n',
    `b3BlbnNzaC1rZXktdjEAAAAA${pick(ALNUM, 40)}`,
  ),
  whole('jwt', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx${pick(ALNUM, 20)}.${pick(ALNUM, 43)}`),
  whole('anthropic', `sk-ant-api03-${pick(ALNUM, 80)}`),
  whole('openai project', `sk-proj-${pick(ALNUM, 60)}`),
  whole('openai legacy', `sk-${pick(ALNUM, 48)}`),
  whole('xai', `xai-${pick(ALNUM, 80)}`),
  whole('perplexity', `pplx-${pick(ALNUM, 48)}`),
  whole('groq', `gsk_${pick(ALNUM, 52)}`),
  whole('replicate', `r8_${pick(ALNUM, 37)}`),
  whole('github classic', `ghp_${pick(ALNUM, 36)}`),
  whole('github oauth', `gho_${pick(ALNUM, 36)}`),
  whole('github fine-grained', `github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}`),
  whole('gitlab', `glpat-${pick(ALNUM, 20)}`),
  whole('slack bot', `xoxb-${pick('0123456789', 12)}-${pick('0123456789', 13)}-${pick(ALNUM, 24)}`),
  token(
    'slack webhook',
    'https://hooks.slack.com/services/',
    `T${pick(UPPER, 8)}/B${pick(UPPER, 10)}/${pick(ALNUM, 24)}`,
  ),
  token('discord webhook', 'https://discord.com/api/webhooks/', `${pick('0123456789', 18)}/${pick(ALNUM, 68)}`),
  whole('stripe live', `sk_live_${pick(ALNUM, 24)}`),
  whole('stripe restricted', `rk_test_${pick(ALNUM, 24)}`),
  whole('stripe webhook', `whsec_${pick(ALNUM, 32)}`),
  whole('aws access key', `AKIA${pick(UPPER, 16)}`),
  whole('google api key', `AIza${pick(ALNUM, 35)}`),
  whole('google oauth secret', `GOCSPX-${pick(ALNUM, 28)}`),
  whole('google oauth token', `ya29.${pick(ALNUM, 60)}`),
  whole('azure client secret', `${pick(ALNUM, 3)}8Q~${pick(ALNUM, 34)}`),
  token('azure storage', 'DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=', `${pick(ALNUM, 86)}==`),
  whole('npm', `npm_${pick(ALNUM, 36)}`),
  token('npmrc auth', '//registry.npmjs.org/:_authToken=', pick(ALNUM, 40)),
  whole('pypi', `pypi-AgEIcHlwaS5vcmc${pick(ALNUM, 60)}`),
  whole('twilio', `SK${pick(HEX, 32)}`),
  whole('sendgrid', `SG.${pick(ALNUM, 22)}.${pick(ALNUM, 43)}`),
  whole('huggingface', `hf_${pick(ALNUM, 34)}`),
  whole('discord bot', `M${pick(ALNUM, 25)}.${pick(ALNUM, 6)}.${pick(ALNUM, 38)}`),
  whole('telegram', `${pick('0123456789', 9)}:AA${pick(ALNUM, 33)}`),
  whole('shopify', `shpat_${pick(HEX, 32)}`),
  whole('mailgun', `key-${pick(LOWER, 32)}`),
  whole('mailchimp', `${pick(HEX, 32)}-us12`),
  whole('digitalocean', `dop_v1_${pick(HEX, 64)}`),
  whole('heroku', `HRKU-${pick(ALNUM, 60)}`),
  whole('databricks', `dapi${pick(HEX, 32)}`),
  whole('square', `sq0atp-${pick(ALNUM, 22)}`),
  whole('atlassian', `ATATT3${pick(ALNUM, 186)}`),
  whole('linear', `lin_api_${pick(ALNUM, 40)}`),
  whole('notion', `ntn_${pick('0123456789', 11)}${pick(ALNUM, 35)}`),
  whole('grafana', `glsa_${pick(ALNUM, 32)}_${pick(HEX, 8)}`),
  whole('vault', `hvs.${pick(ALNUM, 100)}`),
  whole('docker', `dckr_pat_${pick(ALNUM, 30)}`),
  whole('figma', `figd_${pick(ALNUM, 45)}`),
  whole('vercel', `vcp_${pick(ALNUM, 40)}`),
  whole('1password', `ops_eyJ${pick(ALNUM, 140)}`),
  whole('postman', `PMAK-${pick(HEX, 24)}-${pick(HEX, 34)}`),
  whole('new relic', `NRAK-${pick(UPPER, 27)}`),
  whole('supabase', `sbp_${pick(HEX, 40)}`),
  whole('pulumi', `pul-${pick(HEX, 40)}`),
  whole('doppler', `dp.pt.${pick(ALNUM, 43)}`),
  whole('age', `AGE-SECRET-KEY-1${pick(UPPER, 58)}`),
  token('sentry dsn', 'https://', pick(HEX, 32), '@o42.ingest.sentry.io/7'),
  token('url password', 'postgres://admin:', `Pw${pick(ALNUM, 18)}`, '@db.internal:5432/app'),
  token('bearer header', 'Authorization: Bearer ', `${pick(ALNUM, 20)}9.${pick(ALNUM, 20)}`),
  token('basic header', 'authorization: Basic ', `${pick(ALNUM, 30)}=`),
  token('env secret', 'export DB_PASSWORD=', `hunter${pick(ALNUM, 14)}`),
  token('env api key', 'OPENAI_API_KEY="', pick(ALNUM, 30), '"'),
  token('code password', 'const password = "', `Tr0ub4dor${pick(ALNUM, 10)}`, '";'),
  token('json client secret', '{"client_secret": "', pick(ALNUM, 32), '"}'),
  token('yaml token', 'token: ', pick(ALNUM, 32)),
  // Secrets passed as flags: the value says nothing, the flag does (issue 16).
  token('flag--token', 'npm publish --token ', pick(ALNUM, 24)),
  token('flag--api-key', 'heroku apps --api-key=', pick(ALNUM, 20)),
  token('flag--password', 'deploy --password "', `Pw${pick(ALNUM, 12)}`, '"'),
  token('flag--with-token', 'gh auth login --with-token ', pick(ALNUM, 28)),
  token('flag--db-password', 'migrate --db-password ', pick(ALNUM, 16)),
  token('flag--client-secret', 'oauth-cli login --client-secret=', pick(ALNUM, 30)),
  token('flag--secret-access-key', 'backup --aws-secret-access-key ', pick(`${ALNUM}/+`, 40)),
  token('mysql-p-attached', 'mysql -h db.internal -u root -p', `my${pick(ALNUM, 12)}`, ' app'),
  token('mysql-p-spaced', 'mysql -u admin -p ', `my${pick(ALNUM, 12)}`, ' shop'),
  token('mysqldump-p', 'mysqldump -uroot -p', `dump${pick(ALNUM, 10)}`, ' shop > shop.sql'),
  token('mongosh-p', 'mongosh --host m1 -u admin -p ', `mo${pick(ALNUM, 14)}`),
  token('docker-login-p', 'docker login -u ci -p ', `dk${pick(ALNUM, 18)}`, ' registry.example.com'),
  token('sshpass-p', 'sshpass -p ', `ss${pick(ALNUM, 12)}`, ' ssh deploy@host'),
  token('sqlcmd-P', 'sqlcmd -S tcp:db,1433 -U sa -P ', `Sq${pick(ALNUM, 14)}`),
  token('redis-cli-a', 'redis-cli -h cache -a ', `rd${pick(ALNUM, 16)}`, ' ping'),
  token('curl-u', 'curl -u alice:', `cu${pick(ALNUM, 14)}`, ' https://api.example.com/v1'),
  token('curl--user', 'curl --user "bob:', `cb${pick(ALNUM, 14)}`, '" https://api.example.com'),
  token('aws-configure-secret', 'aws configure set aws_secret_access_key ', pick(`${ALNUM}/+`, 40)),
  token('aws-configure-session', 'aws configure set aws_session_token ', pick(ALNUM, 64)),
  token('npm-config-authtoken', 'npm config set //registry.example.com/:_authToken ', pick(ALNUM, 30)),
  token('git-config-token', 'git config --global github.token ', pick(ALNUM, 30)),
  token('maven-D-passphrase', 'mvn deploy -Dgpg.passphrase=', `gp${pick(ALNUM, 12)}`),
  token('kubectl-from-literal', 'kubectl create secret generic db --from-literal=password=', `kb${pick(ALNUM, 12)}`),
  token('openssl-pass', 'openssl enc -aes-256-cbc -pass pass:', `os${pick(ALNUM, 12)}`, ' -in backup.tar'),
  token('keytool-storepass', 'keytool -list -keystore app.jks -storepass ', `ks${pick(ALNUM, 12)}`),
  token('gh-secret-body', 'gh secret set DEPLOY_KEY --body ', `gs${pick(ALNUM, 20)}`),
  // No keyword and no provider shape: random-looking values next to a word that says what they are.
  token('entropy-aws-secret', 'the aws secret for staging is ', pick(`${ALNUM}/+`, 40), ', rotate it monthly'),
  token('entropy-pem-line', 'head -2 key.pem prints\n', `MIIEowIBAAKCAQEA${pick(`${ALNUM}+/`, 48)}`, '\nand more'),
  token('entropy-hex-api-key', 'use the api key ', pick(HEX, 32), ' for the sandbox'),
  token('entropy-hex-key-id', 'signing key id ', pick('0123456789ABCDEF', 16), ' expires soon'),
  token('entropy-token-prose', 'paste token ', pick(`${ALNUM}_-`, 36), ' into the form'),
];

/** Every secret of the corpus in one block of text, one per line. */
export function corpusText(separator = '\n'): string {
  return SECRET_CORPUS.map((item) => item.text).join(separator);
}

/** The planted secrets that occur in text (as is, or JSON-escaped), by kind. */
export function leakedIn(text: string): string[] {
  return SECRET_CORPUS.filter(
    (item) => text.includes(item.secret) || text.includes(JSON.stringify(item.secret).slice(1, -1)),
  ).map((item) => item.kind);
}
