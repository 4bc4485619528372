/**
 * The scanner's line rules. Every quantifier is bounded and no group repeats another quantified
 * group, so each regex runs in time linear in the window it is given (the scanner caps windows).
 */
import { anyOf, composePattern } from '../util/patterns';
import { ACTION_RULES, ACTION_TRIGGER_WORDS } from './scanActionRules';

export type FindingSeverity = 'high' | 'medium';

export type ScanRuleId =
  | 'prompt-injection'
  | 'hidden-instructions'
  | 'fetch-execute'
  | 'decode-execute'
  | 'exfiltration'
  | 'reverse-shell'
  | 'encoded-payload'
  | 'invisible-characters'
  | 'credential-access'
  | 'binary-executable'
  | 'destructive-command'
  | 'unconfirmed-action'
  | 'lookalike-domain'
  | 'deceptive-link';

export interface LineRule {
  id: ScanRuleId;
  severity: FindingSeverity;
  patterns: readonly RegExp[];
  /** Quoted examples in a sentence about attacks are documentation, not an attack. */
  allowDefensiveMention?: boolean;
}

/** What sends data off the machine: command-line tools, PowerShell, then library and browser calls. */
const SENDER = anyOf([
  'curl|wget|nc|ncat|netcat|socat|scp|rsync|ftp|tftp|httpie',
  'Invoke-WebRequest|Invoke-RestMethod|iwr|irm',
  String.raw`requests\.(?:post|put|get)|urllib\.request|urlopen`,
  String.raw`fetch\s{0,3}\(|axios\.(?:post|put)|http\.request|sendBeacon|WebClient`,
]);
/** Credential files in a home directory or system; `.pub` keys are public and excluded. */
const SECRET_FILE = anyOf([
  String.raw`\.ssh\/(?:id_[a-z0-9]{1,12}\b(?!\.pub)|authorized_keys)`,
  String.raw`\.(?:ssh|aws|gnupg)\/?(?=$|[\s"'|;&)])`,
  String.raw`\.aws\/credentials`,
  String.raw`\.npmrc`,
  String.raw`\.netrc`,
  String.raw`\.pypirc`,
  String.raw`\.git-credentials`,
  String.raw`\.docker\/config\.json`,
  String.raw`\.kube\/config`,
  String.raw`\.gnupg`,
  String.raw`\.config\/gh\/hosts\.yml`,
  String.raw`\/etc\/(?:shadow|sudoers)`,
  String.raw`\bid_rsa\b(?!\.pub)`,
  String.raw`\bid_ed25519\b(?!\.pub)`,
  'Login Data',
  'keychain-db',
]);
/** What must never leave the machine: credential files, plus the project's own `.env` (not `.env.example`). */
const EXFIL_PATH =
  String.raw`(?:` +
  SECRET_FILE +
  String.raw`|\/etc\/passwd|(?:^|[\s"'=@/(])\.env(?:\.(?:local|production|prod|development|dev))?(?=$|[\s"')|;&]))`;
/** `sudo` and up to three of its options, before a shell. */
const SUDO = String.raw`(?:sudo\s{1,5}(?:-\S{1,20}\s{1,5}){0,3})?`;
/** What runs the text piped into it: a shell (perhaps under sudo), an interpreter, PowerShell. */
const SHELL_SINK =
  anyOf([
    String.raw`${SUDO}(?:ba|z|k|da|fi|c|tc)?sh`,
    'python[0-9.]{0,4}|node|perl|ruby|php',
    'iex|Invoke-Expression|pwsh|powershell',
  ]) + String.raw`\b`;

export const LINE_RULES: readonly LineRule[] = [
  {
    id: 'prompt-injection',
    severity: 'high',
    allowDefensiveMention: true,
    patterns: [
      composePattern(
        [
          String.raw`\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b`,
          anyOf([
            'previous|prior|above|earlier|preceding|your|system|developer|safety|original',
            'all (?:previous|prior|other|the above|of your)',
          ]),
          String.raw`\b[^.\n]{0,30}\b`,
          '(?:instructions?|prompts?|rules|guidelines|guidance|directives|guardrails|policies)',
          String.raw`\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:ignore|disregard|forget)\s{1,5}(?:everything|anything|all)\s{1,5}`,
          String.raw`(?:above|before|previous|prior|else|you (?:were|have been) told)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:do not|don't|dont|never|without)\s{1,5}(?:\w{1,15}\s{1,5}){0,3}`,
          anyOf([
            'tell|telling|inform|informing|notify|notifying|mention|mentioning',
            'reveal|revealing|alert|alerting|disclose|disclosing|report|reporting',
          ]),
          String.raw`\b[^.\n]{0,25}\b`,
          '(?:the user|the human|the developer|the operator|anyone|them|the reviewer)',
          String.raw`\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:hide|conceal|keep secret|obscure)\b[^.\n]{0,30}\bfrom\s{1,5}`,
          String.raw`(?:the\s{1,5})?(?:user|human|developer|operator|reviewer|logs?)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:hide|conceal|suppress)\s{1,5}(?:this|these|the)\s{1,5}`,
          String.raw`(?:step|steps|command|commands|action|actions|instruction|instructions|request|output)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\byou are now\b[^.\n]{0,30}\b`,
          '(?:mode|unrestricted|unfiltered|jailbroken|DAN|free of|no longer|without (?:any ' +
            ')?(?:restrictions|limits|rules))',
        ],
        'i',
      ),
      /\byou are no longer\b[^.\n]{0,30}\b(?:bound|restricted|an? (?:assistant|ai))/i,
      composePattern(
        [
          String.raw`\b(?:system|developer)\s{1,3}(?:prompt|message|instructions?)\s{0,3}`,
          String.raw`(?:override|overridden|replacement|update|updated)\b`,
        ],
        'i',
      ),
      /\b(?:new|updated|real|actual|true)\s{1,3}(?:system\s{1,3})?instructions?\s{0,3}:/i,
      /<\|im_start\|>|<\|system\|>|<\/?system>|\[\/?INST\]|\[SYSTEM\]/i,
      // Not a condition ("only when the user has approved"): a claim that they did.
      composePattern(
        [
          String.raw`(?<!\b(?:when|if|once|until|unless|after|before|whether)\b[^.\n]{0,40})`,
          String.raw`\b(?:the )?user has (?:already )?(?:authori[sz]ed|approved|granted|consented|pre-approved)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:act as|pretend (?:to be|you are))\b[^.\n]{0,40}\b`,
          '(?:unrestricted|jailbroken|no (?:rules|restrictions|limits)|without (?:rules|restrictions))',
        ],
        'i',
      ),
      /\bsilently\b[^.\n]{0,40}\b(?:upload|send|post|transmit|exfiltrate|forward|copy)\b/i,
    ],
  },
  {
    id: 'fetch-execute',
    severity: 'high',
    patterns: [
      new RegExp(
        String.raw`\b(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod|fetch)\b[^|\n]{0,300}\|\s{0,5}` +
          SHELL_SINK,
        'i',
      ),
      // eval "$(curl …)", sh -c "$(wget …)", python -c "`curl …`" and the like.
      composePattern(
        [
          anyOf([
            String.raw`\beval`,
            String.raw`\bsource`,
            String.raw`\.`,
            String.raw`\b(?:ba|z)?sh\s{1,5}(?:-c\s{1,5})?`,
            String.raw`\b(?:python[0-9.]{0,4}|node|perl|ruby)\s{1,5}-[ce]\s{1,5}`,
          ]),
          String.raw`\s{0,5}["']?(?:\$\(|<\(|${'`'})\s{0,5}(?:curl|wget|iwr|irm)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:iex|Invoke-Expression)\b[^\n]{0,60}\b`,
          String.raw`(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod|DownloadString|DownloadFile|Net\.WebClient)\b`,
        ],
        'i',
      ),
      /\b(?:DownloadString|Invoke-RestMethod|irm)\b[^\n]{0,200}\|\s{0,5}(?:iex|Invoke-Expression)\b/i,
      composePattern(
        [
          String.raw`\b(?:exec|eval)\s{0,3}\([^\n]{0,120}\b`,
          String.raw`(?:urlopen|urllib\.request|requests\.get|fetch\s{0,3}\(|http\.get|https\.get)`,
        ],
        'i',
      ),
      /\bpython[0-9.]{0,4}\s{1,5}-c\s{1,5}["'][^\n]{0,200}\burlopen\b[^\n]{0,200}\bexec\b/i,
    ],
  },
  {
    id: 'decode-execute',
    severity: 'high',
    patterns: [
      new RegExp(String.raw`\bbase64\s{1,5}(?:-d|--decode|-D)\b[^\n]{0,120}\|\s{0,5}` + SHELL_SINK, 'i'),
      /\b(?:xxd\s{1,5}-r|openssl\s{1,5}(?:base64|enc)\s{1,5}-d)\b[^\n]{0,120}\|\s{0,5}(?:ba|z)?sh\b/i,
      composePattern(
        [
          String.raw`\b(?:exec|eval|new\s{1,3}Function)\s{0,3}\(\s{0,5}`,
          String.raw`(?:base64\.b64decode|b64decode|atob|Buffer\.from|codecs\.decode|bytes\.fromhex|zlib\.decompress)`,
        ],
        'i',
      ),
      /\beval\b[^\n]{0,20}\$\([^\n]{0,300}\b(?:base64\s{1,5}(?:-d|--decode|-D)|xxd\s{1,5}-r)\b/i,
      // The decode and the run in either order.
      composePattern(
        [
          String.raw`\bFromBase64String\b[^\n]{0,200}\b(?:iex|Invoke-Expression)\b`,
          '|',
          String.raw`\b(?:iex|Invoke-Expression)\b[^\n]{0,200}\bFromBase64String\b`,
        ],
        'i',
      ),
      /\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]{0,40}\s-(?:e|enc|encodedcommand)\s{1,5}[A-Za-z0-9+/=]{20}/i,
    ],
  },
  {
    id: 'exfiltration',
    severity: 'high',
    patterns: [
      composePattern(
        [
          String.raw`\b(?:env|printenv|export\s{1,3}-p|set|Get-ChildItem\s{1,3}env:|gci\s{1,3}env:)`,
          String.raw`\s{0,3}\|[^\n]{0,40}\b`,
          SENDER,
        ],
        'i',
      ),
      new RegExp(String.raw`\b` + SENDER + String.raw`[^\n]{0,300}` + EXFIL_PATH, 'i'),
      new RegExp(EXFIL_PATH + String.raw`[^\n]{0,200}\|\s{0,5}(?:base64\s{0,5}\|?\s{0,5})?` + SENDER, 'i'),
      new RegExp(
        String.raw`\b` +
          SENDER +
          String.raw`[^\n]{0,200}\$\(\s{0,3}(?:env|printenv|whoami\s{0,3};\s{0,3}env|cat\s[^)\n]{0,80}` +
          EXFIL_PATH +
          ')',
        'i',
      ),
      // Services that collect whatever is sent to them.
      composePattern(
        [
          String.raw`\b`,
          anyOf([
            String.raw`webhook\.site`,
            String.raw`requestbin\.(?:net|com)`,
            String.raw`pipedream\.net`,
            String.raw`burpcollaborator\.net`,
            String.raw`interact\.sh`,
            String.raw`oast\.(?:fun|me|pro|live|site|online)`,
            String.raw`canarytokens\.com`,
            String.raw`transfer\.sh`,
          ]),
          String.raw`\b`,
        ],
        'i',
      ),
      new RegExp(
        String.raw`\b(?:send|post|upload|transmit|forward|exfiltrate|paste|include|append)\b[^.\n]{0,60}` +
          EXFIL_PATH +
          String.raw`[^.\n]{0,80}\bto\b[^.\n]{0,20}(?:https?:\/\/|[a-z0-9-]{1,63}\.[a-z]{2,24}\b)`,
        'i',
      ),
      // Case-sensitive: a variable named like a secret, `$API_TOKEN` or `${AWS_SECRET_KEY}`.
      composePattern([
        String.raw`\b(?:send|post|upload|transmit|forward|include|append)\b[^.\n]{0,60}`,
        String.raw`\$\{?[A-Z_]{0,30}(?:SECRET|TOKEN|PASSWORD|API_KEY|PRIVATE_KEY)[A-Z_]{0,20}\}?`,
        String.raw`[^.\n]{0,60}\bto\b[^.\n]{0,20}https?:\/\/`,
      ]),
      /\b(?:dig|nslookup|host)\s{1,5}[^\n]{0,40}\$\((?:whoami|hostname|cat|env|printenv)/i,
      /!\[[^\]\n]{0,100}\]\(https?:\/\/[^)\s]{0,200}(?:\$\{|\{\{|\$\(|%24%7B)/i,
    ],
  },
  {
    id: 'reverse-shell',
    severity: 'high',
    patterns: [
      /\/dev\/(?:tcp|udp)\/[^\s/]{1,100}\/\d{1,5}/,
      /\b(?:nc|ncat|netcat)\b[^\n]{0,80}\s-(?:e|c)\s{1,5}\S/,
      /\bsocket\.socket\([^\n]{0,200}\b(?:subprocess|pty\.spawn|os\.dup2)/,
      /\bmkfifo\b[^\n]{0,100}\b(?:nc|ncat|netcat)\b/,
    ],
  },
  {
    id: 'credential-access',
    severity: 'high',
    patterns: [
      composePattern(
        [
          String.raw`\b`,
          anyOf([
            'cat|less|more|head|tail|type|cp|copy|scp|rsync|tar|zip|base64|xxd|strings',
            'open|readFile(?:Sync)?|read_text|read_bytes|Get-Content|gc|Copy-Item',
          ]),
          String.raw`\b[^\n|;&]{0,100}`,
          SECRET_FILE,
        ],
        'i',
      ),
      /\bhomedir\(\)[^\n]{0,60}["'`]\.(?:ssh|aws|npmrc|netrc|gnupg|docker|kube)\b/,
      /\bsecurity\s{1,5}(?:find-generic-password|find-internet-password|dump-keychain)\b/,
      // Credential stores asked for their secrets.
      composePattern(
        [
          [
            String.raw`\bsecret-tool\s{1,5}lookup\b`,
            String.raw`\bcmdkey\s{1,5}\/list\b`,
            String.raw`\bvaultcmd\b`,
            String.raw`\bgit\s{1,5}credential\s{1,5}fill\b`,
            String.raw`\bgh\s{1,5}auth\s{1,5}token\b`,
          ].join('|'),
        ],
        'i',
      ),
      /\bgrep\b[^\n]{0,60}_authToken[^\n]{0,60}\.npmrc\b|\.npmrc\b[^\n]{0,60}_authToken\b[^\n]{0,40}\|/,
    ],
  },
  ...ACTION_RULES,
];

/** A line mentioning attacks this way is talking about them, not making one. */
export const DEFENSIVE_CONTEXT = composePattern(
  [
    String.raw`\b`,
    anyOf([
      'injection|injected|attack|attacker|malicious|untrusted|hostile|adversarial|phishing',
      'red flag|flag(?:ged)?|risk|risky|unsafe|dangerous|suspicious|supply-chain|avoid|forbid(?:den)?',
      "never run|do not run|don't run|never use|do not use|don't use|instead of|rather than",
      "never (?:follow|obey|comply)|do not (?:follow|obey|comply)|don't (?:follow|obey|comply)|refuse",
      'treat (?:it|them|this|that|[a-z ]{1,30}) as (?:data|untrusted)',
      String.raw`report it|flag it|such as|for example|e\.g\.`,
    ]),
  ],
  'i',
);

/** Zero-width, bidi controls, and Unicode tag characters (the "ASCII smuggling" range). */
export const INVISIBLE = composePattern([
  String.raw`[\u200B-\u200D\u2060-\u2064\u206A-\u206F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u180E\uFEFF]`,
  // Tag characters are astral: without the u flag they are a surrogate pair.
  String.raw`|\uDB40[\uDC00-\uDC7F]|\uDB40[\uDD00-\uDDEF]`,
]);

/** Serialising the whole environment; flagged when the same file also talks to the network. */
export const ENV_DUMP = composePattern([
  anyOf([
    String.raw`JSON\.stringify\(\s{0,3}process\.env\s{0,3}[,)]`,
    String.raw`dict\(\s{0,3}os\.environ\s{0,3}\)`,
    String.raw`os\.environ\.copy\(\)`,
    String.raw`json\.dumps\(\s{0,3}(?:dict\()?os\.environ\b(?![.[])`,
  ]),
]);
export const NETWORK_SEND = new RegExp(String.raw`\b` + SENDER, 'i');

/**
 * Arguments that name a key for authentication or a path to leave out; they mention credential
 * paths without sending them (`rsync -e "ssh -i ~/.ssh/deploy_key"`, `--exclude .env`).
 */
export const BENIGN_PATH_ARGUMENTS = composePattern(
  [
    anyOf([
      String.raw`\s-i\s{0,5}`,
      String.raw`IdentityFile[= ]\s{0,3}`,
      String.raw`--identity(?:-file)?[= ]\s{0,3}`,
      String.raw`--exclude[= ]\s{0,3}`,
      String.raw`--ignore[= ]\s{0,3}`,
      String.raw`ssh-add\s{1,5}`,
    ]),
    String.raw`["']?[^\s"']{1,200}["']?`,
  ],
  'g',
);

/**
 * Words at least one of which every match of every LINE_RULES pattern, ENV_DUMP and NETWORK_SEND
 * contains (case-insensitively). None holds whitespace, so a word cannot be formed by the space
 * that joins a continued line. The scanner finds these once over the whole file and runs the
 * rules only on lines holding one: most lines of a long file hold none, and a flood of short
 * lines then costs almost nothing. Adding a pattern means adding its word here (the unit test
 * `every rule match holds a trigger word` checks the fixture corpus).
 */
const TRIGGER_WORDS = [
  // prompt-injection
  'ignore',
  'disregard',
  'forget',
  'override',
  'bypass',
  'do',
  'never',
  'without',
  'hide',
  'conceal',
  'keep',
  'obscure',
  'suppress',
  'you',
  'system',
  'developer',
  'instruction',
  '<|',
  'inst]',
  'user',
  'act',
  'pretend',
  'silently',
  // fetch-execute, decode-execute
  'iex',
  'invoke-',
  'downloadstring',
  'exec',
  'eval',
  'urlopen',
  'base64',
  'xxd',
  'openssl',
  'function',
  'powershell',
  'pwsh',
  // exfiltration: senders (SENDER, NETWORK_SEND), services, verbs, DNS, image beacons, ENV_DUMP
  'curl',
  'wget',
  'nc',
  'netcat',
  'socat',
  'scp',
  'rsync',
  'ftp',
  'httpie',
  'iwr',
  'irm',
  'requests.',
  'urllib',
  'fetch',
  'axios.',
  'http.request',
  'sendbeacon',
  'webclient',
  'webhook',
  'requestbin',
  'pipedream',
  'burpcollaborator',
  'interact',
  'oast.',
  'canarytokens',
  'transfer',
  'send',
  'post',
  'upload',
  'transmit',
  'forward',
  'exfiltrate',
  'paste',
  'include',
  'append',
  'dig',
  'nslookup',
  'host',
  '![',
  'process',
  'environ',
  // reverse-shell
  '/dev/',
  'socket',
  'mkfifo',
  // credential-access (SECRET_FILE and the tools)
  'ssh',
  'aws',
  'gnupg',
  'npmrc',
  'netrc',
  'pypirc',
  'git-credentials',
  'docker',
  'kube',
  'hosts.yml',
  '/etc/',
  'id_rsa',
  'id_ed25519',
  'login',
  'keychain-db',
  'homedir',
  'security',
  'secret-tool',
  'cmdkey',
  'vaultcmd',
  'credential',
  'auth',
  // destructive-command, unconfirmed-action
  ...ACTION_TRIGGER_WORDS,
];

/** Global: the scanner resets lastIndex before each file. */
export const LINE_TRIGGER = new RegExp(
  TRIGGER_WORDS.map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'),
  'gi',
);
