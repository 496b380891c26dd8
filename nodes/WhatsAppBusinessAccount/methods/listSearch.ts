import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import type { GraphBusiness, GraphListEnvelope } from '../../shared/generated/graph-types';
import { graphApiRequest } from '../../shared/transport/graphApi';

const ACCOUNT_FIELDS = 'id,name';
const BUSINESS_FIELDS = [
	'id',
	'name',
	`owned_whatsapp_business_accounts.limit(100){${ACCOUNT_FIELDS}}`,
	`client_whatsapp_business_accounts.limit(100){${ACCOUNT_FIELDS}}`,
].join(',');

/**
 * The WhatsApp Business Accounts of the businesses the token can see (`/me/businesses`
 * with their owned and client accounts expanded), for the account picker. Tokens that
 * cannot list businesses get Graph's error; By ID still works for them.
 */
export async function searchWhatsAppBusinessAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { fields: BUSINESS_FIELDS, limit: 25 };
	if (paginationToken) qs.after = paginationToken;
	const page = (await graphApiRequest(this, { method: 'GET', path: '/me/businesses', qs })) as GraphListEnvelope & {
		data: GraphBusiness[];
	};

	const needle = (filter ?? '').trim().toLowerCase();
	const seen = new Set<string>();
	const results: INodeListSearchItems[] = [];
	for (const business of page.data ?? []) {
		const accounts = [
			...(business.owned_whatsapp_business_accounts?.data ?? []),
			...(business.client_whatsapp_business_accounts?.data ?? []),
		];
		for (const account of accounts) {
			const id = String(account.id);
			if (seen.has(id)) continue;
			seen.add(id);
			const name = `${account.name ?? id}${business.name ? ` (${business.name})` : ''}`;
			if (needle && !name.toLowerCase().includes(needle) && !id.includes(needle)) continue;
			results.push({ name, value: id });
		}
	}
	const after = page.paging?.next ? page.paging.cursors?.after : undefined;
	return { results, paginationToken: after };
}
