import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unifiedDiff } from '../../../src/core/diff/unifiedDiff';
import { editSurvival } from '../../../src/core/sessions/editSurvival';
import { createTempRepo, type TempRepo } from '../../support/git/tempRepo';

const BASE = 'export function add(a, b) {\n  return a + b;\n}\n';
const AGENT =
  `${BASE}\nexport function multiply(left, right) {\n  return left * right;\n}\n\nexport function ` +
  `divide(left, right) {\n  return left / right;\n}\n`;

describe('editSurvival against a real commit', () => {
  let repo: TempRepo;
  before(() => {
    repo = createTempRepo();
    repo.commit('init', { files: { 'src/math.js': BASE } });
  });
  after(() => repo.cleanup());

  function commitDiff(content: string, message: string): string {
    const hash = repo.commit(message, { files: { 'src/math.js': content } });
    return repo.git('show', '--format=', hash);
  }

  it('says survived when the commit contains the agent’s lines as written', () => {
    const agentDiff = unifiedDiff('src/math.js', BASE, AGENT);
    const result = editSurvival([agentDiff], commitDiff(AGENT, 'feat: multiply and divide'));
    assert.equal(result.label, 'survived');
    assert.equal(result.reverted, 0);
    assert.equal(result.survived, 4, 'four meaningful lines (lone braces prove nothing)');
  });

  it('says rewritten when the human changed the agent’s lines before committing', () => {
    repo.commit('reset', { files: { 'src/math.js': BASE } });
    const agentDiff = unifiedDiff('src/math.js', BASE, AGENT);
    const human =
      `${BASE}\nexport function multiply(x, y) {\n  return x * y;\n}\n\nexport function divide(x, y) ` +
      `{\n  if (y === 0) throw new Error('divide by zero');\n  return x / y;\n}\n`;
    const result = editSurvival([agentDiff], commitDiff(human, 'feat: multiply and divide, checked'));
    assert.equal(result.label, 'rewritten');
    assert.ok(result.rewritten >= 4, `rewritten ${result.rewritten}`);
  });

  it('says reverted when the commit drops the agent’s lines', () => {
    repo.commit('reset2', { files: { 'src/math.js': BASE } });
    const agentDiff = unifiedDiff('src/math.js', BASE, AGENT);
    const human = `${BASE}\nexport const VERSION = 2;\n`;
    const result = editSurvival([agentDiff], commitDiff(human, 'chore: version'));
    assert.equal(result.label, 'reverted');
  });

  it('nets out lines the agent added and removed itself, and leaves untouched files unjudged', () => {
    const first = unifiedDiff('src/math.js', BASE, `${BASE}// scratch line here\n`);
    const second = unifiedDiff('src/math.js', `${BASE}// scratch line here\n`, BASE);
    const other = unifiedDiff('src/other.js', '', 'export const other = 1;\n');
    repo.commit('reset3', { files: { 'src/math.js': BASE } });
    const result = editSurvival([first, second, other], commitDiff(`${BASE}// unrelated human line\n`, 'docs'));
    assert.equal(result.label, 'unknown', 'nothing of the agent’s remained to judge in math.js');
    assert.equal(result.unjudged, 1);
  });
});
