/**
 * Writes test/editor/savedParameters.json: every node and credential name, parameter name and
 * option value a saved workflow can hold (scripts/lib/savedParameters.ts). Taken once from a
 * release; test/editor/savedParameters.test.ts checks that each line still exists.
 *
 *   npx tsx scripts/editor/savedParameters.ts
 */
import { writeFileSync } from 'fs';
import * as path from 'path';

import { loadPackageTypes, savedParameters } from '../lib/savedParameters';
import { REPO_ROOT } from '../lib/repoRoot';

const root = REPO_ROOT;
const { nodes, credentials } = loadPackageTypes(root);
const target = path.join(root, 'test/editor/savedParameters.json');
const lines = savedParameters(nodes, credentials);
writeFileSync(target, `${JSON.stringify(lines, null, '\t')}\n`);
process.stdout.write(`${lines.length} lines → ${path.relative(root, target)}\n`);
