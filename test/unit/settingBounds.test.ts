// The numeric settings' ranges: one table in the code, equal to package.json's bounds, and
// the clamp that every value read from settings.json goes through (VS Code does not enforce
// the manifest's bounds itself).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  clampSetting,
  NUMERIC_SETTING_BOUNDS,
  type NumericSettingName,
} from '../../src/extension/settingBounds';

interface ManifestProperty {
  type?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
}
interface Manifest {
  contributes: { configuration: { properties: Record<string, ManifestProperty> } };
  capabilities: {
    untrustedWorkspaces: {
      supported: unknown;
      description?: string;
      restrictedConfigurations?: string[];
    };
  };
}

const manifest = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
) as Manifest;
const properties = manifest.contributes.configuration.properties;
const names = Object.keys(NUMERIC_SETTING_BOUNDS) as NumericSettingName[];

test('every numeric gradlens.* setting in package.json is in the table, and only those', () => {
  const numeric = Object.entries(properties)
    .filter(([, p]) => p.type === 'number' || p.type === 'integer')
    .map(([key]) => key.replace(/^gradlens\./, ''))
    .sort();
  assert.deepEqual(numeric, [...names].sort());
});

test("package.json's minimum, maximum and type equal the table's, and each default lies inside", () => {
  for (const name of names) {
    const property = properties[`gradlens.${name}`];
    const bound = NUMERIC_SETTING_BOUNDS[name];
    assert.equal(property.minimum, bound.min, `${name} minimum`);
    assert.equal(property.maximum, bound.max, `${name} maximum`);
    assert.equal(property.type, bound.integer ? 'integer' : 'number', `${name} type`);
    assert.deepEqual(
      clampSetting(bound, property.default),
      { kind: 'usable', value: property.default, clamped: false },
      `${name} default`,
    );
  }
});

test('at every bound the value is kept as it is', () => {
  for (const name of names) {
    const bound = NUMERIC_SETTING_BOUNDS[name];
    for (const value of [bound.min, bound.max])
      assert.deepEqual(clampSetting(bound, value), { kind: 'usable', value, clamped: false }, name);
  }
});

test('beyond every bound the value becomes that bound: just past, negative, 1e308, ±Infinity', () => {
  for (const name of names) {
    const bound = NUMERIC_SETTING_BOUNDS[name];
    const step = bound.integer ? 1 : 1e-9 * Math.max(1, bound.max);
    const cases: [number, number][] = [
      [bound.min - step, bound.min],
      [bound.max + step, bound.max],
      [-1, bound.min],
      [-1e308, bound.min],
      [1e308, bound.max],
      [Infinity, bound.max],
      [-Infinity, bound.min],
    ];
    for (const [raw, expected] of cases) {
      assert.deepEqual(
        clampSetting(bound, raw),
        { kind: 'usable', value: expected, clamped: true },
        `${name} ${raw}`,
      );
    }
  }
});

test('an integer setting given a fraction is rounded, and that counts as clamped', () => {
  assert.deepEqual(clampSetting(NUMERIC_SETTING_BOUNDS.draws, 2.4), {
    kind: 'usable',
    value: 2,
    clamped: true,
  });
  assert.deepEqual(clampSetting(NUMERIC_SETTING_BOUNDS.maxDimSize, 2.6), {
    kind: 'usable',
    value: 3,
    clamped: true,
  });
  // a number setting keeps its fraction
  assert.deepEqual(clampSetting(NUMERIC_SETTING_BOUNDS.tolerance, 0.25), {
    kind: 'usable',
    value: 0.25,
    clamped: false,
  });
});

test('NaN, strings, booleans, null, objects and missing values are unusable (the default applies)', () => {
  for (const name of names) {
    for (const raw of [NaN, '5', '1e308', '', true, null, undefined, {}, [3]])
      assert.deepEqual(
        clampSetting(NUMERIC_SETTING_BOUNDS[name], raw),
        { kind: 'unusable' },
        `${name} ${String(raw)}`,
      );
  }
});

test('a time budget that reaches the watchdog always fits a Node timer (≤ 2³¹ − 1 ms)', () => {
  const bound = NUMERIC_SETTING_BOUNDS.timeBudgetMs;
  for (const raw of [2 ** 31, 2 ** 31 - 1, 2 ** 53, 1e308, Infinity]) {
    const result = clampSetting(bound, raw);
    assert.equal(result.kind, 'usable');
    assert.ok(result.kind === 'usable' && result.value <= 2 ** 31 - 1);
  }
});

test('Restricted Mode: limited support; the settings that cost time or memory ignore workspace values', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.ok((trust.description ?? '').length > 0);
  const restricted = new Set(trust.restrictedConfigurations);
  for (const key of [
    'gradlens.draws',
    'gradlens.maxDimSize',
    'gradlens.timeBudgetMs',
    'gradlens.macros',
  ])
    assert.ok(restricted.has(key), key);
  // each one names a setting this extension contributes (VS Code ignores unknown keys silently)
  for (const key of restricted) assert.ok(key in properties, key);
});
