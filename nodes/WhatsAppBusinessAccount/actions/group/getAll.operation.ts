import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, getListOptions, listPropertiesFor } from '../common';
import type { OperationOption } from '../operation';
import { showFor } from './common';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	description: "List a business number's active groups: ID, subject, creation time",
	action: 'Get many groups',
};

export const description: INodeProperties[] = listPropertiesFor(showFor('getAll'));

interface GroupsPage {
	data?: { groups?: IDataObject[] };
	paging?: { cursors?: { after?: string }; next?: string };
}

/** Meta's list of groups nests them in `data.groups`, so Graph's usual list reader does not apply. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const { limit, pageSize } = getListOptions(this, itemIndex);
	const groups: IDataObject[] = [];
	const seen = new Set<string>();
	let after: string | undefined;
	for (;;) {
		const page = await graphApiRequest<GroupsPage>(this, {
			method: 'GET',
			path: `/${phoneNumberId}/groups`,
			qs: { ...(pageSize ? { limit: pageSize } : {}), ...(after ? { after } : {}) },
			itemIndex,
		});
		const found = Array.isArray(page?.data?.groups) ? page.data.groups : [];
		for (const group of found) {
			groups.push(group);
			if (limit !== undefined && groups.length >= limit) return groups;
		}
		after = page?.paging?.cursors?.after;
		if (!page?.paging?.next || !after || found.length === 0 || seen.has(after)) return groups;
		seen.add(after);
	}
}
