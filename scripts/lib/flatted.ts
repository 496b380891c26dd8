/**
 * Revives n8n's stored execution data (the `flatted` format: a JSON array whose objects
 * refer to other elements by index, strings included) without recursion, so that a value
 * nested 10,000 deep stays readable, and without assignment, so that a "__proto__" key
 * stays an own data property.
 */
export function parseFlatted(text: string): unknown {
	const list = JSON.parse(text) as unknown[];
	for (const element of list) {
		if (element === null || typeof element !== 'object') continue;
		if (Array.isArray(element)) {
			for (let i = 0; i < element.length; i++)
				if (typeof element[i] === 'string') element[i] = list[Number(element[i])];
			continue;
		}
		const record = element as Record<string, unknown>;
		for (const key of Object.keys(record)) {
			const value = record[key];
			if (typeof value === 'string')
				Object.defineProperty(record, key, {
					value: list[Number(value)],
					writable: true,
					enumerable: true,
					configurable: true,
				});
		}
	}
	return list[0];
}
