import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { DiscoveryOptions } from '../../core/sources/discovery';
import { readSettings } from '../settings';
import { enabledAgents, expandLocation, userDataDirsOf } from './transcriptLocations';

/** The settings section whose changes mean "discover again". */
export const TRANSCRIPT_SETTINGS = 'skillwright.transcripts';

/**
 * Discovery options for the open workspace folders. An extra location holds transcripts of an
 * unknown agent, so it is offered to every enabled agent: discovery keeps a file only when its
 * recorded cwd matches a folder, which only the right agent's reader finds.
 */
export function discoveryOptionsFor(
  context: Pick<vscode.ExtensionContext, 'globalStorageUri' | 'storageUri'>,
): DiscoveryOptions {
  const settings = readSettings().transcripts;
  const agents = enabledAgents(settings);
  const extras = settings.extraLocations
    .map((location) => expandLocation(location))
    .filter((location): location is string => location !== undefined);
  return {
    workspaceFolders: (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => folder.uri.fsPath),
    env: process.env,
    platform: process.platform,
    homedir: homedir(),
    vscodeUserDataDirs: userDataDirsOf(context),
    enabledAgents: agents,
    extraLocations: extras.flatMap((location) => agents.map((agent) => ({ agent, path: location }))),
  };
}
