import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { GraphBusiness, GraphListEnvelope } from '../generated/graph-types';
import { graphApiRequest } from '../transport/graphApi';
import { explainingRefusal } from './refusal';
import type { RefusalWords } from './refusal';

/** `/me/businesses` answers only a user's or a system user's token with business_management. */
const BUSINESS_LIST: RefusalWords = {
	what: 'list your businesses and their WhatsApp accounts',
	permission: 'business_management',
	subject: 'me',
};

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
	const page = (await explainingRefusal(
		this,
		BUSINESS_LIST,
		async () => await graphApiRequest(this, { method: 'GET', path: '/me/businesses', qs }),
	)) as GraphListEnvelope & {
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

const PHONE_FIELDS = 'id,display_phone_number,verified_name';
const BUSINESS_PHONE_FIELDS = [
	'id',
	`owned_whatsapp_business_accounts.limit(100){id,name,phone_numbers.limit(100){${PHONE_FIELDS}}}`,
	`client_whatsapp_business_accounts.limit(100){id,name,phone_numbers.limit(100){${PHONE_FIELDS}}}`,
].join(',');

interface AccountWithNumbers {
	id: string;
	name?: string;
	phone_numbers?: {
		data?: Array<{ id: string; display_phone_number?: string; verified_name?: string }>;
	};
}

/**
 * The business phone numbers of every account the token can see (`/me/businesses` with the
 * accounts' `phone_numbers` expanded), for picking the number a message is sent from.
 */
export async function searchBusinessPhoneNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { fields: BUSINESS_PHONE_FIELDS, limit: 25 };
	if (paginationToken) qs.after = paginationToken;
	const page = (await explainingRefusal(
		this,
		BUSINESS_LIST,
		async () => await graphApiRequest(this, { method: 'GET', path: '/me/businesses', qs }),
	)) as GraphListEnvelope & {
		data: Array<{
			owned_whatsapp_business_accounts?: { data?: AccountWithNumbers[] };
			client_whatsapp_business_accounts?: { data?: AccountWithNumbers[] };
		}>;
	};
	const needle = (filter ?? '').trim().toLowerCase();
	const seen = new Set<string>();
	const results: INodeListSearchItems[] = [];
	for (const business of page.data ?? []) {
		for (const account of [
			...(business.owned_whatsapp_business_accounts?.data ?? []),
			...(business.client_whatsapp_business_accounts?.data ?? []),
		]) {
			for (const number of account.phone_numbers?.data ?? []) {
				const id = String(number.id);
				if (seen.has(id)) continue;
				seen.add(id);
				const name = `${number.display_phone_number ?? id}${number.verified_name ? ` (${number.verified_name})` : ''}`;
				if (needle && !name.toLowerCase().includes(needle) && !id.includes(needle)) continue;
				results.push({ name, value: id });
			}
		}
	}
	const after = page.paging?.next ? page.paging.cursors?.after : undefined;
	return { results, paginationToken: after };
}
