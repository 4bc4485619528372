import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeSkillHash, isHandEdited, META, skillEditState, stampHash } from '../../../src/core/skills/provenance';
import { renderCandidate } from '../../../src/core/skills/render';
import { readSkillDocument } from '../../../src/core/skills/skillFile';
import { candidate, skillMd } from '../../support/skills/skillFixtures';

describe('provenance and hand-edit detection', () => {
  it('renders a candidate with provenance metadata, an Evidence section and a valid hash', () => {
    const text = renderCandidate(
      candidate({
        evidence: [
          { kind: 'commit', ref: '0123456789abcdef0123', detail: 'added the test script' },
          { kind: 'file', ref: 'package.json', line: 7 },
        ],
      }),
    );
    const { doc } = readSkillDocument(text);
    assert.equal(doc.name, 'run-tests');
    assert.equal(doc.metadata[META.source], 'build-commands');
    assert.equal(doc.metadata[META.version], '1');
    assert.equal(doc.metadata[META.scope], 'src/**/*.ts');
    assert.equal(doc.metadata[META.confidence], '0.80');
    assert.equal(doc.metadata[META.evidence], 'commit:0123456789ab, file:package.json:7');
    assert.match(doc.body, /## Evidence\n\n- commit `0123456789ab`: added the test script\n- file `package.json:7`/);
    assert.equal(skillEditState(text), 'pristine');
    assert.equal(isHandEdited(text), false);
  });

  it('puts the figures behind a learned skill in its metadata, replacing those of the version before', () => {
    const first = renderCandidate(candidate({ statistics: { support: '31', lift: '3.0' } }));
    const { doc } = readSkillDocument(
      renderCandidate(candidate({ statistics: { support: '40' } }), { base: readSkillDocument(first).doc }),
    );
    assert.equal(doc.metadata['skillwright.stat.support'], '40');
    assert.equal(doc.metadata['skillwright.stat.lift'], undefined);
    assert.doesNotMatch(doc.body, /\b40\b/);
  });

  it('keeps a distiller-written Evidence section instead of adding a second one', () => {
    const text = renderCandidate(candidate({ body: '## Steps\n\n1. x\n\n## Evidence\n\n- mine\n' }));
    assert.equal(text.match(/## Evidence/g)?.length, 1);
  });

  it('detects a hand edit of the body or of the frontmatter', () => {
    const text = renderCandidate(candidate());
    assert.equal(isHandEdited(text.replace('`npm test`', '`npm run test:ci`')), true);
    assert.equal(skillEditState(text.replace('Run the unit tests.', 'Run all tests.')), 'hand-edited');
    assert.equal(isHandEdited(text.replace('skillwright.source: build-commands', 'skillwright.source: me')), true);
  });

  it('ignores editor noise: CRLF, trailing spaces, trailing blank lines, a BOM', () => {
    const text = renderCandidate(candidate());
    assert.equal(isHandEdited(`\uFEFF${text.replace(/\n/g, '  \r\n')}\r\n\r\n`), false);
  });

  it('treats a file without a Skillwright hash as unmanaged, and so as not safe to overwrite', () => {
    assert.equal(skillEditState(skillMd('mine')), 'unmanaged');
    assert.equal(isHandEdited(skillMd('mine')), true);
  });

  it('excludes only the hash line from the hash, wherever it sits', () => {
    const text = stampHash(skillMd('a', 'd', 'body\n', 'metadata:\n  owner: me\n'));
    const { doc } = readSkillDocument(text);
    assert.equal(doc.metadata[META.hash], computeSkillHash(text));
    assert.equal(doc.metadata.owner, 'me');
    assert.equal(computeSkillHash(text.replace(doc.metadata[META.hash] ?? '', 'sha256:0')), computeSkillHash(text));
  });
});
