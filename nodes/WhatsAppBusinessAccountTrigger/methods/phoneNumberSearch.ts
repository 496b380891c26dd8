import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { GraphListEnvelope, GraphPhoneNumber } from '../../shared/generated/graph-types';
import { explainingRefusal } from '../../shared/methods/refusal';
import { graphApiRequest } from '../../shared/transport/graphApi';

/**
 * The business phone numbers of the account chosen in the node's "wabaId" picker
 * (`/{waba-id}/phone_numbers`), for a phone number picker. Without an account chosen there is
 * nothing to list; By ID still works.
 */
export async function searchPhoneNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const waba = String(this.getCurrentNodeParameter('wabaId', { extractValue: true }) ?? '').trim();
	if (!/^\d+$/.test(waba)) return { results: [] };
	const qs: Record<string, string | number> = {
		fields: 'id,display_phone_number,verified_name',
		limit: 100,
	};
	if (paginationToken) qs.after = paginationToken;
	const page = (await explainingRefusal(
		this,
		{ what: `list the phone numbers of account ${waba}`, subject: `account ${waba}` },
		async () => await graphApiRequest(this, { method: 'GET', path: `/${waba}/phone_numbers`, qs }),
	)) as GraphListEnvelope & { data?: GraphPhoneNumber[] };
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	for (const number of page.data ?? []) {
		const id = String(number.id);
		const name =
			[number.display_phone_number, number.verified_name].filter(Boolean).join(' · ') || id;
		if (needle && !name.toLowerCase().includes(needle) && !id.includes(needle)) continue;
		results.push({ name, value: id });
	}
	return { results, paginationToken: page.paging?.next ? page.paging.cursors?.after : undefined };
}
