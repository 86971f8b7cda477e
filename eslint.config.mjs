// Lint rules: typescript-eslint's recommended type-aware-free set, no `any`; only src/vscode/ and
// src/extension.ts may import `vscode`; and each folder of src/ imports only the folders that
// src/layers.json allows it (so no layer reaches back up, e.g. the Kafka layer never into liveGroups).
import tseslint from 'typescript-eslint';
import layers from './src/layers.json' with { type: 'json' };

const folders = Object.keys(layers).filter((name) => name !== '//' && name !== 'extension.ts');
const vscodeImport = { name: 'vscode', message: 'Only src/vscode/ and src/extension.ts may import vscode.' };

/** The lint block of one folder: `vscode` (outside the glue) and every folder it may not use are refused. */
function layerBlock(folder) {
  const forbidden = folders.filter((other) => other !== folder && !layers[folder].includes(other));
  return {
    files: [`src/${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: folder === 'vscode' ? [] : [vscodeImport],
          patterns: forbidden.map((other) => ({
            group: [`**/${other}/*`, `../${other}`, `../../${other}`],
            message: `src/${folder} may not import from src/${other} (see src/layers.json).`,
          })),
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', '.vscode-test/**', '.test-output/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  ...folders.map(layerBlock),
  {
    // A module declaration for imported .yaml text has to declare a default export.
    files: ['src/**/*.d.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
