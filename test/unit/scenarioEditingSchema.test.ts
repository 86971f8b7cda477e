// The shipped JSON schema of scenario files is exactly what src/vscode/scenarioEditing/scenarioSchema.ts
// builds from the property catalog and the verbs, every verb form matches its action pattern, and the
// injected grammar knows every verb. KOT_WRITE_SCENARIO_SCHEMA=1 rewrites the schema file (then run prettier).

import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { consumerProperties, groupProperties } from '../../src/scenarios/consumerProperties';
import { scenarioVerbs } from '../../src/scenarios/scenarioVocabulary';
import {
  actionPattern,
  scenarioJsonSchema,
  verbArgumentPatterns,
} from '../../src/vscode/scenarioEditing/scenarioSchema';

const root = path.resolve(__dirname, '../..');
const schemaFile = path.join(root, 'media/schemas/offsets-scenario.schema.json');
const grammarFile = path.join(root, 'media/syntaxes/offsets-scenario.injection.tmLanguage.json');

interface Manifest {
  contributes: {
    yamlValidation: { fileMatch: string[]; url: string }[];
    grammars: { scopeName: string; path: string; injectTo: string[] }[];
  };
}

describe('scenario editing: schema and grammar', () => {
  if (process.env.KOT_WRITE_SCENARIO_SCHEMA === '1') {
    writeFileSync(schemaFile, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  }

  it('media/schemas/offsets-scenario.schema.json is what the catalog and the verbs give', () => {
    const shipped: unknown = JSON.parse(readFileSync(schemaFile, 'utf8'));
    assert.deepEqual(
      shipped,
      scenarioJsonSchema(),
      'stale schema: run KOT_WRITE_SCENARIO_SCHEMA=1 mocha test/unit/scenarioEditingSchema.test.ts',
    );
  });

  it('lists every consumer and group property of the catalog', () => {
    const schema = scenarioJsonSchema() as {
      definitions: { consumer: { properties: Record<string, unknown> } };
      properties: { group: { anyOf: { properties?: Record<string, unknown> }[] } };
    };
    assert.deepEqual(
      Object.keys(schema.definitions.consumer.properties).sort(),
      consumerProperties.map((property) => property.name).sort(),
    );
    const groupMapping = schema.properties.group.anyOf.find((option) => option.properties !== undefined);
    assert.deepEqual(
      Object.keys(groupMapping?.properties ?? {}).sort(),
      ['id', ...groupProperties.map((property) => property.name)].sort(),
    );
  });

  it('has an argument pattern for every verb, and every documented form matches the action pattern', () => {
    assert.deepEqual(Object.keys(verbArgumentPatterns).sort(), scenarioVerbs.map((verb) => verb.name).sort());
    const pattern = new RegExp(actionPattern(), 'u');
    for (const verb of scenarioVerbs) {
      for (const form of verb.forms) {
        assert.match(form.syntax, pattern, `${verb.name}: ${form.syntax}`);
        assert.match(`${form.syntax} "A \\"label\\""`, pattern, `${verb.name} with a label`);
        assert.match(`${form.syntax} 'It''s a label'`, pattern, `${verb.name} with a single-quoted label`);
      }
    }
    for (const right of ['wait 1.5s', 'wait 250ms', 'c1 process +2', 'consumer-2.b  poll   '])
      assert.match(right, pattern, right);
    const wrongs = [
      'c1 pol',
      'c1 poll 3',
      'wait',
      'wait six',
      'c1 seek orders-0',
      'produce orders 3',
      'c1',
      'c1 poll "a" b',
    ];
    for (const wrong of wrongs) {
      assert.doesNotMatch(wrong, pattern, wrong);
    }
  });

  it('the injected grammar colours exactly the vocabulary, consumer verbs after a consumer id', () => {
    const grammar = JSON.parse(readFileSync(grammarFile, 'utf8')) as {
      scopeName: string;
      repository: Record<string, { begin?: string }>;
    };
    const alternatives = (begin: string | undefined): string[] => {
      const group = /\((?:[a-z]+(?:-[a-z]+)*\|?)+\)\(\?=/i.exec(begin ?? '');
      assert.ok(group, `a verb group in ${begin}`);
      return group[0].slice(1, -4).split('|').sort();
    };
    const byConsumer = (takesConsumer: boolean): string[] =>
      scenarioVerbs
        .filter((verb) => verb.takesConsumer === takesConsumer)
        .map((verb) => verb.name)
        .sort();
    assert.deepEqual(alternatives(grammar.repository['consumer-action'].begin), byConsumer(true));
    assert.deepEqual(alternatives(grammar.repository['producer-action'].begin), byConsumer(false));

    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
    const contributed = manifest.contributes.grammars.find((entry) => entry.scopeName === grammar.scopeName);
    assert.ok(contributed, 'package.json contributes the grammar');
    assert.deepEqual(contributed.injectTo, ['source.yaml']);
    assert.equal(path.join(root, contributed.path), grammarFile);
    const validation = manifest.contributes.yamlValidation.find((entry) => entry.fileMatch.includes('*.offsets.yaml'));
    assert.ok(validation, 'package.json applies the schema to *.offsets.yaml');
    assert.equal(path.join(root, validation.url), schemaFile);
  });
});
