import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, getListOptions, listPropertiesFor } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	description: 'Get the users a business number has blocked (up to 64,000)',
	action: 'Get many blocked users',
};

export const description: INodeProperties[] = listPropertiesFor({
	resource: ['blockedUser'],
	operation: ['getAll'],
});

/** A page's users: Meta wraps them in one `block_users` entry; a bare user is taken as it is. */
function usersOfPage(data: unknown): IDataObject[] {
	return (Array.isArray(data) ? (data as IDataObject[]) : []).flatMap((entry) =>
		Array.isArray(entry.block_users) ? (entry.block_users as IDataObject[]) : [entry],
	);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const { limit, pageSize } = getListOptions(this, itemIndex);
	const users: IDataObject[] = [];
	const seen = new Set<string>();
	let after: string | undefined;
	// paged by cursor like every Graph list; the page's users, not its entries, are counted
	for (;;) {
		const page = await graphApiRequest<{ data?: unknown; paging?: IDataObject }>(this, {
			method: 'GET',
			path: `/${phoneNumberId}/block_users`,
			qs: { ...(pageSize ? { limit: pageSize } : {}), ...(after ? { after } : {}) },
			itemIndex,
		});
		for (const user of usersOfPage(page.data)) {
			users.push({ waId: user.wa_id ?? null, ...user });
			if (limit !== undefined && users.length >= limit) return users;
		}
		const cursors = page.paging?.cursors as IDataObject | undefined;
		after = typeof cursors?.after === 'string' ? cursors.after : undefined;
		if (!page.paging?.next || !after || seen.has(after)) return users;
		seen.add(after);
	}
}
