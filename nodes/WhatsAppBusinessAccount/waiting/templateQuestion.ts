/**
 * A Send and Wait question asked with an approved template, for when the 24-hour window is
 * closed (docs/design/send-and-wait.md, "Template questions"). The template's quick-reply
 * buttons are the answers, in order: Approval takes the first as approve and the second, when
 * the template has one, as decline; Choice takes each button as a choice, its text as value and
 * title. Each button's payload is its answer's reference. Free Text sends the template as it is:
 * the customer's next text answers.
 */
import type { IDataObject, IExecuteFunctions, ResourceMapperValue } from 'n8n-workflow';

import { loadTemplate } from '../actions/message/templateChoice';
import {
	buildSendComponents,
	checkTemplateValues,
	templateFields,
	TemplateValueError,
	type TemplateDefinition,
	type TemplateField,
} from '../actions/message/templateParameters';
import { getGraphId } from '../actions/common';
import { APPROVE, DECLINE, type PossibleAnswer } from './question';

type Fail = (message: string, description?: string) => never;

/**
 * The longest payload a quick-reply button is given. Meta's documentation names no limit; 200
 * (a list row id's) keeps one rule for every carrier of a reference until one is found.
 */
export const TEMPLATE_PAYLOAD_LIMIT = 200;

/** The template picked, its fields, and the quick-reply buttons that carry the answers. */
export interface TemplateQuestion {
	template: TemplateDefinition;
	fields: TemplateField[];
	values: IDataObject;
	/** The quick-reply payload fields, in the buttons' order. */
	quickReplies: TemplateField[];
}

/** The template of the question and the user's values for its variables. */
export async function readTemplateQuestion(
	context: IExecuteFunctions,
	fail: Fail,
): Promise<TemplateQuestion> {
	const wabaId = getGraphId(context, 'wabaId', 0, 'The WhatsApp Business Account ID');
	const name = String(context.getNodeParameter('templateName', 0, '')).trim();
	const language = String(context.getNodeParameter('templateLanguage', 0, '')).trim();
	if (!name) fail('Template Name is empty');
	if (!language) fail('Template Language is empty');
	const template = await loadTemplate(context, wabaId, name, language, 0);
	const fields = templateFields(template);
	const mapper = context.getNodeParameter('templateParameters', 0, {
		value: {},
	}) as ResourceMapperValue;
	const values = { ...((mapper?.value ?? {}) as IDataObject) };
	// the template's own buttons answer; a carousel card's are the card's, filled in as any field
	const quickReplies = fields.filter(
		(field) => field.kind === 'payload' && field.card === undefined,
	);
	for (const field of quickReplies) {
		const given = values[field.id];
		if (given !== undefined && given !== null && String(given).trim() !== '')
			fail(
				`"${field.displayName}" is filled in; Send and Wait sets each quick-reply payload itself`,
				'Leave the payloads empty: each carries the signed reference of its answer.',
			);
	}
	return { template, fields, values, quickReplies };
}

/** The text on a template's quick-reply button, by its index among the template's buttons. */
function buttonText(template: TemplateDefinition, index: number): string {
	const buttons = ((template.components ?? []).find(
		(component) => String(component.type).toUpperCase() === 'BUTTONS',
	)?.buttons ?? []) as IDataObject[];
	return String(buttons[index]?.text ?? '');
}

/** The answers the template's quick-reply buttons stand for (none for Free Text). */
export function templateAnswers(
	question: TemplateQuestion,
	responseType: string,
	approvalType: string,
	fail: Fail,
): PossibleAnswer[] {
	if (responseType === 'freeText') return [];
	if (responseType === 'flow')
		fail(
			'A Flow question by template is not offered yet',
			"Ask with Question As Message (within 24 hours of the customer's last message), or with a template and Approval or Choice.",
		);
	const { template, quickReplies } = question;
	const where = `The template "${template.name}" (${template.language})`;
	if (responseType === 'approval') {
		const needed = approvalType === 'double' ? 2 : 1;
		if (quickReplies.length !== needed)
			fail(
				`${where} has ${quickReplies.length} quick-reply buttons; ${needed === 2 ? 'Approve and Decline needs 2' : 'Approve Only needs 1'}`,
				'The first quick-reply button approves, the second declines.',
			);
		return quickReplies.map((field, index) => ({
			value: index === 0 ? APPROVE : DECLINE,
			title: buttonText(template, field.buttonIndex!),
		}));
	}
	if (!quickReplies.length)
		fail(`${where} has no quick-reply buttons; a Choice by template needs one per choice`);
	return quickReplies.map((field) => {
		const text = buttonText(template, field.buttonIndex!);
		return { value: text, title: text };
	});
}

/**
 * The send's `template` object: the user's values, and each quick-reply payload set to its
 * answer's reference (refused over TEMPLATE_PAYLOAD_LIMIT, naming the button).
 */
export function templateMessage(
	question: TemplateQuestion,
	answers: PossibleAnswer[],
	references: string[],
	fail: Fail,
): IDataObject {
	const { template, fields, quickReplies } = question;
	const values = { ...question.values };
	quickReplies.forEach((field, index) => {
		if (references[index].length > TEMPLATE_PAYLOAD_LIMIT)
			fail(
				`The answer "${answers[index].title}" needs a ${references[index].length}-character payload; Send and Wait keeps payloads within ${TEMPLATE_PAYLOAD_LIMIT}`,
				"The payload is n8n's signed resume URL for the answer; a shorter button text (or a shorter WEBHOOK_URL path) makes it fit.",
			);
		values[field.id] = references[index];
	});
	try {
		checkTemplateValues(template, fields, values);
		return {
			name: template.name,
			language: { code: template.language },
			components: buildSendComponents(template, fields, values, { mediaSource: 'url' }),
		};
	} catch (error) {
		return fail(error instanceof TemplateValueError ? error.message : String(error));
	}
}
