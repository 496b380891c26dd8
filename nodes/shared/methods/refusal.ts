// A list, an option list or a resource mapper of the editor that Meta refused: one sentence
// that says why and what fixes it, short enough for the panel to show whole. The node's run
// keeps the full error (transport/errors.ts); the panel has room for a line or two only.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import type { GraphErrorClass } from '../transport/errors';

export interface RefusalContext {
	getNode(): INode;
}

export interface RefusalWords {
	/** What the list does, after "may not" ("list your businesses"). */
	what: string;
	/** The permission it needs; whatsapp_business_management unless said. */
	permission?: string;
	/** What the ID that does not exist names ("the account"), or "me": the token is not a user's. */
	subject?: string;
}

const codeOf = (context: IDataObject) =>
	typeof context.graphErrorCode === 'number' ? context.graphErrorCode : undefined;

/** The sentence for a Graph error met by an editor list; undefined when it is not Graph's. */
export function refusalSentence(error: unknown, words: RefusalWords): string | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const context = error.context as IDataObject;
	const errorClass = context.graphErrorClass as GraphErrorClass | undefined;
	if (!errorClass) return undefined;
	const code = codeOf(context);
	const metaMessage = String(context.graphErrorMessage ?? '');
	const permission = words.permission ?? 'whatsapp_business_management';
	const codeNote = code !== undefined ? ` (Meta's code ${code})` : '';
	if (errorClass === 'token')
		return `Meta refused the access token, which has expired or was revoked: create a new one (a system user token does not expire) and update the credential${codeNote}.`;
	if (/does not exist|nonexisting field/i.test(metaMessage)) {
		if (words.subject === 'me')
			return `Meta cannot ${words.what} with this token: use a user or system user token with the ${permission} permission, or choose By ID${codeNote}.`;
		return `Meta does not know ${words.subject ?? 'this ID'} or the token cannot see it: check the ID, or assign it to the token's system user in Meta Business Settings${codeNote}.`;
	}
	// Graph also says "(#100) Missing permissions" under the parameter code
	if (errorClass === 'permission' || /missing permission/i.test(metaMessage))
		return `This token may not ${words.what}: give it the ${permission} permission and assign the account to its system user in Meta Business Settings${codeNote}.`;
	if (errorClass === 'throttling')
		return `Meta is limiting calls to this account for now: wait a minute, then open the list again${codeNote}.`;
	if (errorClass === 'transient')
		return `Meta had a temporary problem: open the list again in a moment${codeNote}.`;
	return `Meta refused to ${words.what}: ${metaMessage.replace(/[.\s]+$/, '')}${codeNote}.`;
}

/** Runs an editor list's Graph calls; a Graph refusal becomes its one sentence. */
export async function explainingRefusal<T>(
	context: RefusalContext,
	words: RefusalWords | string,
	load: () => Promise<T>,
): Promise<T> {
	try {
		return await load();
	} catch (error) {
		const sentence = refusalSentence(error, typeof words === 'string' ? { what: words } : words);
		// not Graph's refusal (the node's own check, a network failure): its own words stand
		throw new NodeOperationError(context.getNode(), sentence ?? (error as Error));
	}
}
