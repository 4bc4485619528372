import type { LineRule } from './scanRules';

/**
 * Line rules for what a skill makes an agent do to the machine or behind the user's back:
 * destroy data, and act without asking or without telling. Bounded like every scanner rule.
 * A quoted command in a sentence that warns against it ("never run `git push --force`") is
 * documentation and is not flagged.
 */

/** rm's targets that end a home or a system: `/`, `/*`, `~`, `$HOME`, `/etc`…, as a whole argument. */
const RM_TARGET = String.raw`["']?(?:\/\*?|~\/?\*?|\$\{?HOME\}?\/?\*?|\/(?:home|etc|usr|var|boot|bin|sbin|lib|lib64|opt|root|srv|System|Users)\/?\*?|[A-Za-z]:\\\\?)["']?(?=[\s;|&)\x60]|$)`;
const FLAGS = String.raw`(?:-{1,2}[A-Za-z][\w-]{0,29}\s{1,5}){0,4}`;
/**
 * Not after a negation or a condition earlier in the sentence: "never push without user
 * approval" and "if it would run without approval, stop" are safeguards.
 */
const NOT_NEGATED = String.raw`(?<!\b(?:never|not|no|nor|cannot|don't|do not|must not|mustn't|shouldn't|if|unless|whether)\b[^.;!?\n]{0,80})`;
const BLOCK_DEVICE = String.raw`\/dev\/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d|mapper\/)`;

export const ACTION_RULES: readonly LineRule[] = [
  {
    id: 'destructive-command',
    severity: 'high',
    allowDefensiveMention: true,
    patterns: [
      // rm -rf / ~ $HOME, with the recursive flag anywhere among the options.
      new RegExp(String.raw`\brm\s{1,5}${FLAGS}-(?:[A-Za-z]{0,5}[rR][A-Za-z]{0,5}|-recursive)\s{1,5}${FLAGS}${RM_TARGET}`),
      // Disk overwrites and new filesystems on a whole device.
      new RegExp(String.raw`\bdd\b[^\n|;&]{0,120}\bof=${BLOCK_DEVICE}`),
      new RegExp(String.raw`\b(?:mkfs(?:\.[a-z0-9]{1,8})?|mkswap|wipefs|shred|blkdiscard)\b[^\n|;&]{0,80}${BLOCK_DEVICE}`),
      new RegExp(String.raw`(?:^|[^>])>\s{0,3}${BLOCK_DEVICE}`),
      /\bformat(?:\.com)?\s{1,5}[A-Za-z]:(?=[\s/]|$)/,
      // Fork bombs: :(){ :|:& };: and the same with any name.
      /(?<![\w-])([A-Za-z_:][\w:]{0,19})\s{0,3}\(\)\s{0,3}\{\s{0,3}\1\s{0,3}\|\s{0,3}\1\s{0,3}&/,
      // Everything world-writable, from the root or the home folder down.
      new RegExp(String.raw`\bchmod\s{1,5}${FLAGS}(?:-[A-Za-z]{0,4}R[A-Za-z]{0,4}\s{1,5}|--recursive\s{1,5})${FLAGS}(?:0?777|a\+rwx|ugo\+rwx)\s{1,5}${RM_TARGET}`),
      new RegExp(String.raw`\bchmod\s{1,5}(?:0?777|a\+rwx)\s{1,5}-R\s{1,5}${RM_TARGET}`),
      // Force pushes rewrite the shared history (--force-with-lease checks first and is not one).
      /\bgit\s{1,5}push\b[^\n|;&]{0,100}?\s(?:--force(?![-\w])|-f(?![-\w])|-[A-Za-z]{0,3}f[A-Za-z]{0,3}(?![-\w])|\+[\w/.-]{1,100}(?=[\s:]|$))/,
      /\bRemove-Item\b[^\n|;&]{0,80}-Recurse\b[^\n|;&]{0,80}(?:\s["']?[A-Za-z]:\\?["']?(?=\s|$)|\$env:(?:USERPROFILE|HOMEDRIVE|SystemRoot)|\s~["']?(?=\s|$))/i,
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
      /\b(?:do not|don't|dont|never|no need to)\s{1,5}(?:\w{1,15}\s{1,5}){0,2}?(?:ask|request|seek|wait for|get)\s{1,5}(?:\w{1,15}\s{1,5}){0,3}?(?:confirmation|permission|approval|consent|authori[sz]ation|sign-?off)\b/i,
      // "without asking …" unless the sentence forbids it ("never deploy without asking for approval" is a safeguard).
      new RegExp(String.raw`${NOT_NEGATED}\bwithout\s{1,5}(?:\w{1,15}\s{1,5}){0,2}?(?:asking|requesting|seeking|waiting for|getting)\s{1,5}(?:\w{1,15}\s{1,5}){0,3}?(?:confirmation|permission|approval|consent|authori[sz]ation|sign-?off)\b`, 'i'),
      /\b(?:do not|don't|dont|never|without)\s{1,5}(?:first\s{1,5})?(?:confirming|checking|consulting|prompting)\s{1,5}(?:with\s{1,5})?(?:the\s{1,5})?(?:user|human|developer|operator|owner)\b/i,
      new RegExp(String.raw`${NOT_NEGATED}\b(?:skip|skipping|bypass|bypassing|circumvent|no need for|without)\s{1,5}(?:the\s{1,5})?(?:user|human|developer|operator)(?:'s|s')?\s{1,3}(?:confirmation|approval|permission|consent|sign-?off)\b`, 'i'),
      /\b(?:the\s{1,5})?(?:user|human)\s{1,5}(?:does not|doesn't|need not|needn't|won't|will not)\s{1,5}(?:need to\s{1,5})?(?:approve|confirm|be asked|be told|be informed)\b/i,
      // Acting behind the user's back.
      new RegExp(String.raw`${NOT_NEGATED}\bwithout\s{1,5}(?:the\s{1,5})?(?:user|human|developer|operator|owner)(?:'s|s')?\s{1,5}(?:knowledge|knowing|noticing|awareness|seeing)\b`, 'i'),
      /\b(?:so|such)\s{1,5}that\s{1,5}(?:the\s{1,5})?(?:user|human|developer|reviewer)s?\s{1,5}(?:does not|doesn't|do not|don't|won't|will not|never|cannot|can't)\s{1,5}(?:notice|see|know|find out|realise|realize|suspect)\b/i,
      /\b(?:do not|don't|never)\s{1,5}(?:show|display|print|log|mention|output|echo)\s{1,5}(?:this|these|the|any)\s{1,5}(?:\w{1,15}\s{1,5})?(?:commands?|steps?|actions?|changes?|output)\s{1,5}(?:to|in front of)\s{1,5}(?:the\s{1,5})?(?:user|human|developer)\b/i,
      /\b(?:secretly|covertly|surreptitiously|behind the user's back)\b[^.\n]{0,40}\b(?:run|execute|install|send|upload|delete|remove|modify|change|add|push|commit|disable|copy)\b/i,
    ],
  },
];

/** Words one of which each match above contains (see TRIGGER_WORDS in scanRules.ts). */
export const ACTION_TRIGGER_WORDS = [
  'rm', 'dd', 'of=', 'mkfs', 'mkswap', 'wipefs', 'shred', 'blkdiscard', '/dev/', 'format', '()', 'chmod', 'push', 'remove-item', 'rd', 'rmdir',
  'not', "don't", 'dont', 'never', 'without', 'need', 'skip', 'bypass', 'ignore', 'disable', 'circumvent', 'user', 'human', 'that', 'secretly',
  'covertly', 'surreptitiously', 'back',
];
