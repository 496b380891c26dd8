/**
 * What a saved workflow holds of this package, as one sorted list of strings: the node and
 * credential type names, every parameter name (collections' and fixed collections' fields by
 * their path) and every option value, each under the display conditions it shows for.
 *
 * A parameter shown for `resource: ['a', 'b']` is listed once for `resource=a` and once for
 * `resource=b`: a saved workflow holds it for one resource and operation, so that is what must
 * keep existing. The same name declared twice for different operations (n8n's way of giving
 * each operation its own copy) is therefore listed per operation, and moving a parameter from
 * one copy to another, or widening where it shows, keeps every line.
 *
 * A node of several versions is listed as written (an `@version` condition among the others)
 * and once per version: a saved workflow holds the version it was made with, and n8n shows it
 * the parameters whose `@version` condition that version meets. The first version's lines are
 * the node's (`node x [...] name`, as a node of one version is listed, so a parameter that
 * gains a version condition keeps its line), a later one's carry it (`node x@1.1 [...] name`).
 */
import * as path from 'path';

import { NodeHelpers } from 'n8n-workflow';
import type {
	DisplayCondition,
	ICredentialType,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';
import { requireFrom } from './requireFrom';

type Conditions = Record<string, unknown[]>;

const VERSION = '@version';

/** True when the version meets a property's `@version` condition (or it has none). */
function showsFor(conditions: Conditions, version: number | undefined): boolean {
	const condition = conditions[VERSION];
	if (!condition || version === undefined) return true;
	return NodeHelpers.checkConditions(condition as DisplayCondition[], [version]);
}

/** `{resource: ['a', 'b'], operation: ['x']}` → ['operation=x resource=a', 'operation=x resource=b']. */
function expand(conditions: Conditions): string[] {
	let combinations: string[][] = [[]];
	for (const key of Object.keys(conditions).sort()) {
		const values = conditions[key].map(
			(value) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
		);
		combinations = combinations.flatMap((prefix) => values.map((value) => [...prefix, value]));
	}
	return combinations.map((combination) => combination.join(' '));
}

function isCollection(option: object): option is INodePropertyCollection {
	return 'values' in option && Array.isArray((option as INodePropertyCollection).values);
}

function isProperty(option: object): option is INodeProperties {
	return 'type' in option && 'displayName' in option && 'name' in option && !('value' in option);
}

function walk(
	owner: string,
	properties: readonly INodeProperties[],
	prefix: string,
	outer: Conditions,
	out: Set<string>,
	version?: number,
): void {
	for (const property of properties) {
		const shown = (property.displayOptions?.show ?? {}) as Conditions;
		if (!showsFor(shown, version)) continue;
		// for one version, its condition is met and says no more
		const own = Object.fromEntries(
			Object.entries(shown).filter(([key]) => version === undefined || key !== VERSION),
		);
		const conditions = { ...outer, ...own };
		const path = `${prefix}${property.name}`;
		for (const where of expand(conditions)) {
			const line = (what: string) => `${owner} [${where}] ${what}`;
			out.add(line(path));
			for (const mode of property.modes ?? []) out.add(line(`${path}#mode=${mode.name}`));
			for (const option of (property.options ?? []) as Array<
				INodeProperties | INodePropertyOptions | INodePropertyCollection
			>) {
				if (isCollection(option) || isProperty(option)) continue;
				out.add(
					line(
						`${path}=${typeof option.value === 'string' ? option.value : JSON.stringify(option.value)}`,
					),
				);
			}
		}
		for (const option of (property.options ?? []) as Array<
			INodeProperties | INodePropertyOptions | INodePropertyCollection
		>) {
			if (isCollection(option))
				walk(owner, option.values, `${path}.${option.name}.`, conditions, out, version);
			else if (isProperty(option)) walk(owner, [option], `${path}.`, conditions, out, version);
		}
	}
}

/** The saved names and values of nodes and credentials, sorted. */
export function savedParameters(
	nodes: readonly INodeTypeDescription[],
	credentials: readonly ICredentialType[],
): string[] {
	const out = new Set<string>();
	for (const node of nodes) {
		walk(`node ${node.name}`, node.properties, '', {}, out);
		const versions = Array.isArray(node.version) ? node.version : [node.version];
		versions.forEach((version, index) => {
			const owner = index === 0 ? `node ${node.name}` : `node ${node.name}@${version}`;
			out.add(owner);
			for (const credential of node.credentials ?? [])
				out.add(`${owner} credential ${credential.name}`);
			walk(owner, node.properties, '', {}, out, version);
		});
	}
	for (const credential of credentials) {
		out.add(`credential ${credential.name}`);
		walk(`credential ${credential.name}`, credential.properties, '', {}, out);
	}
	return [...out].sort();
}

/** The package's nodes and credentials, loaded from the sources of package.json's `n8n` entries. */
export function loadPackageTypes(root: string): {
	nodes: INodeTypeDescription[];
	credentials: ICredentialType[];
} {
	const manifest = requireFrom<{ n8n: { nodes: string[]; credentials: string[] } }>(
		path.join(root, 'package.json'),
	);
	const load = <T>(entry: string): T => {
		const source = path.join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		// n8n's loader takes the class named as the file: X.node.js exports class X
		const className = path.basename(source).split('.')[0];
		const exported = requireFrom<Record<string, unknown>>(source)[className];
		if (typeof exported !== 'function') throw new Error(`${entry}: no exported class ${className}`);
		return new (exported as new () => T)();
	};
	return {
		nodes: manifest.n8n.nodes.map(
			(entry) => load<{ description: INodeTypeDescription }>(entry).description,
		),
		credentials: manifest.n8n.credentials.map((entry) => load<ICredentialType>(entry)),
	};
}
