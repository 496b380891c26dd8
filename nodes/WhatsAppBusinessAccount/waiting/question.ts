/**
 * The question of Message > Send and Wait for Response: its possible answers read from the
 * parameters, each answer's reference (a resume URL n8n signs) as a reply button's or list
 * row's id, and the customer the answers are bound to (docs/design/send-and-wait.md).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Recipient } from '../messaging/recipient';
import { LIMITS } from '../actions/message/common';
import { customerHash, normalisedCustomer } from '../../shared/webhook/answerReference';

export type ResponseType = 'approval' | 'choice';

/** One answer the customer can tap: what it stands for (`o` of the URL) and what it shows. */
export interface PossibleAnswer {
	value: string;
	title: string;
	description?: string;
}

export const APPROVE = 'approve';
export const DECLINE = 'decline';

/** Reply buttons up to three answers, a list from four to ten (Meta's limits). */
export const MAX_CHOICES = LIMITS.listRows;

/** The hash of the recipient a question goes to. */
export function recipientHash(recipient: Recipient): string {
	return customerHash(normalisedCustomer(recipient.kind, recipient.value));
}

type Fail = (message: string, description?: string) => never;

/** The answers the parameters offer, checked against Meta's limits; `fail` throws. */
export function possibleAnswers(
	context: IExecuteFunctions,
	responseType: string,
	fail: Fail,
): PossibleAnswer[] {
	if (responseType === 'approval') {
		const settings = ((context.getNodeParameter('approvalOptions', 0, {}) as IDataObject).values ??
			{}) as IDataObject;
		const approveLabel = String(settings.approveLabel ?? '✓ Approve');
		const declineLabel = String(settings.disapproveLabel ?? '✗ Decline');
		const answers = [{ value: APPROVE, title: approveLabel }];
		if (settings.approvalType === 'double') answers.push({ value: DECLINE, title: declineLabel });
		for (const [label, answer] of [
			['Approve Button Label', answers[0]],
			['Decline Button Label', answers[1]],
		] as const) {
			if (!answer) continue;
			if (!answer.title.trim()) fail(`${label} is empty`);
			if ([...answer.title].length > LIMITS.buttonTitle)
				fail(
					`${label} is ${[...answer.title].length} characters; WhatsApp allows at most ${LIMITS.buttonTitle}`,
				);
		}
		return answers;
	}
	if (responseType !== 'choice')
		fail(`Response Type "${responseType}" is not one this node offers`);
	const choices = ((context.getNodeParameter('choices', 0, {}) as IDataObject).values ??
		[]) as IDataObject[];
	if (choices.length < 1 || choices.length > MAX_CHOICES)
		fail(`Choices has ${choices.length} choices; WhatsApp takes 1 to ${MAX_CHOICES}`);
	const asList = choices.length > LIMITS.buttonCount;
	const titleLimit = asList ? LIMITS.rowTitle : LIMITS.buttonTitle;
	const values = new Set<string>();
	const titles = new Set<string>();
	return choices.map((choice, index) => {
		const label = `Choices ${index + 1}`;
		const title = String(choice.title ?? '');
		const value = String(choice.value ?? '').trim() || title.trim();
		const description = String(choice.description ?? '');
		if (!title.trim()) fail(`${label}: Title is empty`);
		if ([...title].length > titleLimit)
			fail(
				`${label}: Title is ${[...title].length} characters; WhatsApp allows at most ${titleLimit} ${asList ? 'in a list row' : 'on a button'}`,
			);
		if (asList && [...description].length > LIMITS.rowDescription)
			fail(
				`${label}: Description is ${[...description].length} characters; WhatsApp allows at most ${LIMITS.rowDescription}`,
			);
		if (values.has(value)) fail(`${label}: Value "${value}" is used twice; values must differ`);
		if (!asList && titles.has(title))
			fail(`${label}: Title "${title}" is used twice; button titles must differ`);
		values.add(value);
		titles.add(title);
		return { value, title, ...(asList && description.trim() ? { description } : {}) };
	});
}

/**
 * The interactive object of the question: reply buttons for up to three answers, else a list,
 * each answer's id its reference. A reference longer than its carrier takes (button 256, row
 * 200) is refused, naming the answer: a shorter Value fits.
 */
export function questionInteractive(
	body: string,
	answers: PossibleAnswer[],
	references: string[],
	listButton: string,
	fail: Fail,
): IDataObject {
	const asList = answers.length > LIMITS.buttonCount;
	const idLimit = asList ? LIMITS.rowId : LIMITS.buttonId;
	references.forEach((reference, index) => {
		if (reference.length > idLimit)
			fail(
				`The answer "${answers[index].title}" needs a ${reference.length}-character id; WhatsApp allows ${idLimit} ${asList ? 'for a list row' : 'for a button'}`,
				"The id is n8n's signed resume URL for the answer; a shorter Value (or a shorter WEBHOOK_URL path) makes it fit.",
			);
	});
	if (!asList) {
		return {
			type: 'button',
			body: { text: body },
			action: {
				buttons: answers.map((answer, index) => ({
					type: 'reply',
					reply: { id: references[index], title: answer.title },
				})),
			},
		};
	}
	if (!listButton.trim()) fail('List Button Text is empty');
	if ([...listButton].length > LIMITS.listButton)
		fail(
			`List Button Text is ${[...listButton].length} characters; WhatsApp allows at most ${LIMITS.listButton}`,
		);
	return {
		type: 'list',
		body: { text: body },
		action: {
			button: listButton,
			sections: [
				{
					rows: answers.map((answer, index) => ({
						id: references[index],
						title: answer.title,
						...(answer.description ? { description: answer.description } : {}),
					})),
				},
			],
		},
	};
}
