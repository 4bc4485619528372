/**
 * Generated trees for the conventions read from the code: each writes `count` files in one style,
 * so a test can plant a convention (all files alike) or a mix (half in another style).
 */
export type Tree = Record<string, string>;

export function pythonTests(style: 'pytest' | 'unittest', count: number, from = 0): Tree {
  const tree: Tree = {};
  for (let n = from; n < from + count; n++) {
    tree[`src/pkg/mod${n}.py`] = `def run${n}(value):\n    return value * 2\n`;
    tree[`tests/test_mod${n}.py`] =
      style === 'pytest'
        ? `import pytest\n\nfrom pkg.mod${n} import run${n}\n\n\ndef test_run${n}_doubles():\n    assert ` +
          `run${n}(2) == 4\n\n\ndef test_run${n}_rejects_text():\n    with pytest.raises(TypeError):\n        ` +
          `run${n}(None)\n`
        : `import unittest\n\nfrom pkg.mod${n} import run${n}\n\n\nclass Run${n}Test(unittest.TestCase):\n    def ` +
          `test_doubles(self):\n        self.assertEqual(run${n}(2), 4)\n`;
  }
  return tree;
}

/** Node tests with node:assert under test/unit, expect-style specs under test/browser. */
export function jsTests(folder: 'unit' | 'browser', count: number): Tree {
  const tree: Tree = {};
  for (let n = 0; n < count; n++) {
    tree[`lib/mod${n}.js`] = `'use strict'\n\nmodule.exports = { run: (value) => value * 2 }\n`;
    tree[`test/${folder}/mod${n}.test.js`] =
      folder === 'unit'
        ? `'use strict'\n\nconst { test } = require('node:test')\nconst assert = ` +
          `require('node:assert/strict')\nconst { run } = require('../../lib/mod${n}')\n\ntest('run ` +
          `doubles ${n}', () => {\n  assert.strictEqual(run(2), 4)\n})\n`
        : `describe('mod${n}', () => {\n  it('doubles', () => {\n    expect(run(2)).toBe(4);\n  });\n});\n`;
  }
  return tree;
}

export function jsModules(format: 'esm' | 'commonjs', count: number, from = 0): Tree {
  const tree: Tree = {};
  for (let n = from; n < from + count; n++) {
    tree[`lib/part${n}.js`] =
      format === 'esm'
        ? `import { helper } from './helper.js';\nimport { other } from './other.js';\n\nexport function ` +
          `part${n}(value) {\n  return helper(other(value));\n}\n`
        : `'use strict'\n\nconst { helper } = require('./helper')\nconst { other } = ` +
          `require('./other')\n\nmodule.exports = function part${n} (value) {\n  return ` +
          `helper(other(value))\n}\n`;
  }
  return tree;
}

export function namedFiles(names: readonly string[]): Tree {
  return Object.fromEntries(names.map((name) => [`src/${name}.ts`, `export const value = '${name}';\n`]));
}

export const KEBAB = [
  'parse-date',
  'format-number',
  'read-config',
  'write-cache',
  'load-user',
  'save-order',
  'list-items',
  'find-route',
  'build-query',
  'send-mail',
];
export const CAMEL = ['parseDate', 'formatNumber', 'readConfig', 'writeCache', 'loadUser'];

export function pythonErrors(style: 'project' | 'builtin', count: number, from = 0): Tree {
  const tree: Tree = {
    'src/pkg/exceptions.py':
      'class PkgError(Exception):\n    """Base of every error this package raises."""\n\n\nclass ' +
      'NotFound(PkgError):\n    """Nothing matched."""\n\n\nclass Invalid(PkgError):\n    """The input was ' +
      'rejected."""\n\n\nclass Timeout(PkgError):\n    """The server did not answer."""\n',
  };
  for (let n = from; n < from + count; n++) {
    tree[`src/pkg/step${n}.py`] =
      style === 'project'
        ? `from .exceptions import Invalid, NotFound\n\n\ndef step${n}(value):\n    if value is None:\n        ` +
          `raise Invalid("value is required")\n    if value < 0:\n        raise NotFound("no entry for %r" % ` +
          `value)\n    return value * 2\n`
        : `def step${n}(value):\n    if value is None:\n        raise RuntimeError("value is required")\n    if ` +
          `value < 0:\n        raise LookupError("no entry for %r" % value)\n    return value * 2\n`;
  }
  return tree;
}

/** Errors made by a factory in lib/errors.js and thrown, after a destructuring require, elsewhere. */
export function jsFactoryErrors(count: number): Tree {
  const codes = ['ERR_NOT_FOUND', 'ERR_BAD_INPUT', 'ERR_TIMEOUT'];
  const entry = (name: string): string =>
    [`  ${name}: createError(`, `    '${name}',`, `    '${name.toLowerCase()} happened',`, '    500', '  ),'].join(
      '\n',
    );
  const tree: Tree = {
    'lib/errors.js': [
      "'use strict'",
      '',
      "const createError = require('@fastify/error')",
      '',
      'const codes = {',
      ...codes.map(entry),
      '}',
      '',
      'module.exports = codes',
      '',
    ].join('\n'),
  };
  for (let n = 0; n < count; n++) {
    tree[`lib/route${n}.js`] =
      `'use strict'\n\nconst { ERR_NOT_FOUND, ERR_BAD_INPUT } = require('./errors')\n\nfunction route${n} (input) ` +
      `{\n  if (!input) {\n    throw new ERR_BAD_INPUT()\n  }\n  if (input.missing) throw new ` +
      `ERR_NOT_FOUND()\n  return input\n}\n\nmodule.exports = route${n}\n`;
  }
  return tree;
}

export function goReturns(style: 'wrap' | 'bare', count: number, from = 0): Tree {
  const tree: Tree = { 'go.mod': 'module example.com/store\n\ngo 1.22\n' };
  for (let n = from; n < from + count; n++) {
    const wrap = (what: string): string => (style === 'wrap' ? `fmt.Errorf("${what} ${n}: %w", err)` : 'err');
    tree[`store/load${n}.go`] =
      `package store\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n\nfunc Load${n}(path string) error {\n\tdata, err := ` +
      `read(path)\n\tif err != nil {\n\t\treturn ${wrap('read')}\n\t}\n\tif err := parse(data); err != nil ` +
      `{\n\t\treturn ${wrap('parse')}\n\t}\n\treturn nil\n}\n`;
  }
  return tree;
}

export function headedSources(count: number, withHeader: number): Tree {
  const tree: Tree = {};
  for (let n = 0; n < count; n++) {
    const header =
      n < withHeader ? `// Copyright ${2015 + n} Example Corp\n// SPDX-License-Identifier: Apache-2.0\n\n` : '';
    tree[`src/unit${n}.ts`] = `${header}export const unit${n} = ${n};\n`;
  }
  return tree;
}
