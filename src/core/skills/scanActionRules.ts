import { anyOf, composePattern } from '../util/patterns';
import type { LineRule } from './scanRules';

/**
 * Line rules for what a skill makes an agent do to the machine or behind the user's back:
 * destroy data, and act without asking or without telling. Bounded like every scanner rule.
 * A quoted command in a sentence that warns against it ("never run `git push --force`") is
 * documentation and is not flagged.
 */

/** rm's targets that end a home or a system: `/`, `/*`, `~`, `$HOME`, `/etc`…, as a whole argument. */
const SYSTEM_FOLDER = anyOf(['home|etc|usr|var|boot|bin|sbin|lib|lib64|opt|root|srv|System|Users']);
const RM_TARGET =
  String.raw`["']?` +
  anyOf([
    String.raw`\/\*?`,
    String.raw`~\/?\*?`,
    String.raw`\$\{?HOME\}?\/?\*?`,
    String.raw`\/${SYSTEM_FOLDER}\/?\*?`,
    String.raw`[A-Za-z]:\\\\?`,
  ]) +
  String.raw`["']?(?=[\s;|&)\x60]|$)`;
const FLAGS = String.raw`(?:-{1,2}[A-Za-z][\w-]{0,29}\s{1,5}){0,4}`;
/**
 * Not after a negation or a condition earlier in the sentence: "never push without user
 * approval" and "if it would run without approval, stop" are safeguards.
 */
const NEGATION_OR_CONDITION = anyOf([
  "never|not|no|nor|cannot|don't|do not|must not|mustn't|shouldn't",
  'if|unless|whether',
]);
const NOT_NEGATED = String.raw`(?<!\b${NEGATION_OR_CONDITION}\b[^.;!?\n]{0,80})`;
/** A word and the space after it, between the parts of a phrase ("ask *the user* for …"). */
const WORD = String.raw`(?:\w{1,15}\s{1,5})`;
const CONSENT = String.raw`(?:confirmation|permission|approval|consent|authori[sz]ation|sign-?off)\b`;
const BLOCK_DEVICE = String.raw`\/dev\/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d|mapper\/)`;

export const ACTION_RULES: readonly LineRule[] = [
  {
    id: 'destructive-command',
    severity: 'high',
    allowDefensiveMention: true,
    patterns: [
      // rm -rf / ~ $HOME, with the recursive flag anywhere among the options.
      new RegExp(
        String.raw`\brm\s{1,5}${FLAGS}-(?:[A-Za-z]{0,5}[rR][A-Za-z]{0,5}|-recursive)\s{1,5}${FLAGS}${RM_TARGET}`,
      ),
      // Disk overwrites and new filesystems on a whole device.
      new RegExp(String.raw`\bdd\b[^\n|;&]{0,120}\bof=${BLOCK_DEVICE}`),
      new RegExp(
        String.raw`\b(?:mkfs(?:\.[a-z0-9]{1,8})?|mkswap|wipefs|shred|blkdiscard)\b[^\n|;&]{0,80}${BLOCK_DEVICE}`,
      ),
      new RegExp(String.raw`(?:^|[^>])>\s{0,3}${BLOCK_DEVICE}`),
      /\bformat(?:\.com)?\s{1,5}[A-Za-z]:(?=[\s/]|$)/,
      // Fork bombs: :(){ :|:& };: and the same with any name.
      /(?<![\w-])([A-Za-z_:][\w:]{0,19})\s{0,3}\(\)\s{0,3}\{\s{0,3}\1\s{0,3}\|\s{0,3}\1\s{0,3}&/,
      // Everything world-writable, from the root or the home folder down.
      composePattern([
        String.raw`\bchmod\s{1,5}${FLAGS}`,
        String.raw`(?:-[A-Za-z]{0,4}R[A-Za-z]{0,4}\s{1,5}|--recursive\s{1,5})`,
        String.raw`${FLAGS}(?:0?777|a\+rwx|ugo\+rwx)\s{1,5}${RM_TARGET}`,
      ]),
      new RegExp(String.raw`\bchmod\s{1,5}(?:0?777|a\+rwx)\s{1,5}-R\s{1,5}${RM_TARGET}`),
      // Force pushes rewrite the shared history (--force-with-lease checks first and is not one).
      composePattern([
        String.raw`\bgit\s{1,5}push\b[^\n|;&]{0,100}?\s`,
        anyOf([
          String.raw`--force(?![-\w])`,
          String.raw`-f(?![-\w])`,
          String.raw`-[A-Za-z]{0,3}f[A-Za-z]{0,3}(?![-\w])`,
          // A `+refspec` forces that one ref.
          String.raw`\+[\w/.-]{1,100}(?=[\s:]|$)`,
        ]),
      ]),
      composePattern(
        [
          String.raw`\bRemove-Item\b[^\n|;&]{0,80}-Recurse\b[^\n|;&]{0,80}`,
          anyOf([
            String.raw`\s["']?[A-Za-z]:\\?["']?(?=\s|$)`,
            String.raw`\$env:(?:USERPROFILE|HOMEDRIVE|SystemRoot)`,
            String.raw`\s~["']?(?=\s|$)`,
          ]),
        ],
        'i',
      ),
      // The backslash may be gone: the line scan folds a line ending in one into the next.
      /\b(?:rd|rmdir)\s{1,5}\/s\s{1,5}\/q\s{1,5}[A-Za-z]:\\?(?=\s|$|["'])/i,
    ],
  },
  {
    id: 'unconfirmed-action',
    severity: 'high',
    allowDefensiveMention: true,
    patterns: [
      // "do not ask for confirmation", "without asking the user for permission", "never wait for approval".
      composePattern(
        [
          String.raw`\b(?:do not|don't|dont|never|no need to)\s{1,5}${WORD}{0,2}?`,
          String.raw`(?:ask|request|seek|wait for|get)\s{1,5}${WORD}{0,3}?${CONSENT}`,
        ],
        'i',
      ),
      // "without asking …" unless the sentence forbids it ("never deploy without asking for
      // approval" is a safeguard).
      composePattern(
        [
          NOT_NEGATED,
          String.raw`\bwithout\s{1,5}${WORD}{0,2}?`,
          String.raw`(?:asking|requesting|seeking|waiting for|getting)\s{1,5}${WORD}{0,3}?${CONSENT}`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:do not|don't|dont|never|without)\s{1,5}(?:first\s{1,5})?`,
          String.raw`(?:confirming|checking|consulting|prompting)\s{1,5}(?:with\s{1,5})?`,
          String.raw`(?:the\s{1,5})?(?:user|human|developer|operator|owner)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          NOT_NEGATED,
          String.raw`\b(?:skip|skipping|bypass|bypassing|circumvent|no need for|without)\s{1,5}`,
          String.raw`(?:the\s{1,5})?(?:user|human|developer|operator)(?:'s|s')?\s{1,3}`,
          String.raw`(?:confirmation|approval|permission|consent|sign-?off)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:the\s{1,5})?(?:user|human)\s{1,5}`,
          String.raw`(?:does not|doesn't|need not|needn't|won't|will not)\s{1,5}`,
          String.raw`(?:need to\s{1,5})?(?:approve|confirm|be asked|be told|be informed)\b`,
        ],
        'i',
      ),
      // Acting behind the user's back.
      composePattern(
        [
          NOT_NEGATED,
          String.raw`\bwithout\s{1,5}(?:the\s{1,5})?(?:user|human|developer|operator|owner)(?:'s|s')?\s{1,5}`,
          String.raw`(?:knowledge|knowing|noticing|awareness|seeing)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:so|such)\s{1,5}that\s{1,5}(?:the\s{1,5})?(?:user|human|developer|reviewer)s?\s{1,5}`,
          String.raw`(?:does not|doesn't|do not|don't|won't|will not|never|cannot|can't)\s{1,5}`,
          String.raw`(?:notice|see|know|find out|realise|realize|suspect)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:do not|don't|never)\s{1,5}(?:show|display|print|log|mention|output|echo)\s{1,5}`,
          String.raw`(?:this|these|the|any)\s{1,5}${WORD}?(?:commands?|steps?|actions?|changes?|output)\s{1,5}`,
          String.raw`(?:to|in front of)\s{1,5}(?:the\s{1,5})?(?:user|human|developer)\b`,
        ],
        'i',
      ),
      composePattern(
        [
          String.raw`\b(?:secretly|covertly|surreptitiously|behind the user's back)\b[^.\n]{0,40}\b`,
          String.raw`(?:run|execute|install|send|upload|delete|remove|modify|change|add|push|commit|disable|copy)\b`,
        ],
        'i',
      ),
    ],
  },
];

/** Words one of which each match above contains (see TRIGGER_WORDS in scanRules.ts). */
export const ACTION_TRIGGER_WORDS = [
  'rm',
  'dd',
  'of=',
  'mkfs',
  'mkswap',
  'wipefs',
  'shred',
  'blkdiscard',
  '/dev/',
  'format',
  '()',
  'chmod',
  'push',
  'remove-item',
  'rd',
  'rmdir',
  'not',
  "don't",
  'dont',
  'never',
  'without',
  'need',
  'skip',
  'bypass',
  'ignore',
  'disable',
  'circumvent',
  'user',
  'human',
  'that',
  'secretly',
  'covertly',
  'surreptitiously',
  'back',
];
