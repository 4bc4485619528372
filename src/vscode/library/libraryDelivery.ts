import type * as vscode from 'vscode';
import type { DeliveryState } from '../../core/delivery/skillDelivery';

/** One summary line per reload, a warning per newly quarantined skill and per delivery problem. */
export function logDeliveryState(
  log: vscode.LogOutputChannel,
  state: DeliveryState,
  folder: string,
  quarantinedBefore: ReadonlySet<string>,
): void {
  log.info(
    `Skill library: ${state.library.skills.length} skill(s) ` +
      `in ${folder}, ${state.quarantined.size} quarantined, ${state.library.problems.length} folder problem(s).`,
  );
  for (const name of state.quarantined) {
    if (quarantinedBefore.has(name)) continue;
    const findings = state.safety.get(name)?.findings ?? [];
    log.warn(
      `Skill '${name}' is quarantined (held back from ` +
        `agents): ${findings.map((finding) => `${finding.rule} at ${finding.file}:${finding.line}`).join('; ')}`,
    );
  }
  for (const conflict of state.mirrors?.conflicts ?? [])
    log.warn(`Mirror ${conflict.path} left untouched (${conflict.reason}).`);
  if (state.agentsMd?.problem) log.warn(`AGENTS.md index not updated: ${state.agentsMd.problem}`);
}
