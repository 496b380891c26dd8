// The question of Send and Wait for Response: buttons or a list by the number of answers, the
// reference refused when longer than its carrier takes, and Limit Wait Time read.
import { questionInteractive } from '../../nodes/WhatsAppBusinessAccount/waiting/question';
import { WAIT_INDEFINITELY, waitTill } from '../../nodes/WhatsAppBusinessAccount/waiting/waitTill';

const fail = (message: string): never => {
	throw new Error(message);
};
const ref = (n: number, length = 160) => `wa1 /webhook-waiting/9/n?o=${n}&`.padEnd(length, 'x');

describe('the question', () => {
	test('up to three answers are reply buttons whose ids are the references', () => {
		const answers = [
			{ value: 'approve', title: '✓ Approve' },
			{ value: 'decline', title: '✗ Decline' },
		];
		expect(questionInteractive('Approve?', answers, [ref(1), ref(2)], 'Choose', fail)).toEqual({
			type: 'button',
			body: { text: 'Approve?' },
			action: {
				buttons: [
					{ type: 'reply', reply: { id: ref(1), title: '✓ Approve' } },
					{ type: 'reply', reply: { id: ref(2), title: '✗ Decline' } },
				],
			},
		});
	});

	test('four or more are a list with one section, descriptions kept', () => {
		const answers = [1, 2, 3, 4].map((n) => ({
			value: String(n),
			title: `Day ${n}`,
			...(n === 2 ? { description: 'afternoon' } : {}),
		}));
		const list = questionInteractive(
			'Which day?',
			answers,
			answers.map((_, i) => ref(i)),
			'Pick',
			fail,
		);
		expect(list.type).toBe('list');
		expect(list.action).toEqual({
			button: 'Pick',
			sections: [
				{
					rows: answers.map((a, i) => ({
						id: ref(i),
						title: a.title,
						...(a.description ? { description: a.description } : {}),
					})),
				},
			],
		});
	});

	test('a reference longer than the carrier takes is refused, naming the answer (row 200, button 256)', () => {
		const four = [1, 2, 3, 4].map((n) => ({ value: String(n), title: `Row ${n}` }));
		const refs = four.map((_, i) => ref(i, i === 2 ? 201 : 200));
		expect(() => questionInteractive('?', four, refs, 'Pick', fail)).toThrow(
			'The answer "Row 3" needs a 201-character id; WhatsApp allows 200 for a list row',
		);
		const one = [{ value: 'approve', title: 'OK' }];
		expect(() => questionInteractive('?', one, [ref(0, 256)], 'Pick', fail)).not.toThrow();
		expect(() => questionInteractive('?', one, [ref(0, 257)], 'Pick', fail)).toThrow(
			'WhatsApp allows 256 for a button',
		);
	});
});

describe('Limit Wait Time', () => {
	const now = Date.parse('2026-12-07T12:00:00.000Z');
	const limit = (values: Record<string, unknown>) => ({ limitWaitTime: { values } });

	test('none: wait indefinitely', () => {
		expect(waitTill({}, now)).toBe(WAIT_INDEFINITELY);
	});

	test('an interval in minutes, hours or days', () => {
		expect(
			waitTill(
				limit({ limitType: 'afterTimeInterval', resumeAmount: 90, resumeUnit: 'minutes' }),
				now,
			),
		).toEqual(new Date('2026-12-07T13:30:00.000Z'));
		expect(
			waitTill(limit({ limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'days' }), now),
		).toEqual(new Date('2026-12-09T12:00:00.000Z'));
	});

	test('a date; a past or unreadable date and a negative amount are refused with the reason', () => {
		expect(
			waitTill(
				limit({ limitType: 'atSpecifiedTime', maxDateAndTime: '2026-12-08T08:00:00Z' }),
				now,
			),
		).toEqual(new Date('2026-12-08T08:00:00.000Z'));
		expect(
			waitTill(
				limit({ limitType: 'atSpecifiedTime', maxDateAndTime: '2026-12-06T08:00:00Z' }),
				now,
			),
		).toBe('Limit Wait Time: Max Date and Time 2026-12-06T08:00:00.000Z has passed');
		expect(waitTill(limit({ limitType: 'atSpecifiedTime', maxDateAndTime: 'soon' }), now)).toBe(
			'Limit Wait Time: Max Date and Time "soon" is not a date',
		);
		expect(
			waitTill(
				limit({ limitType: 'afterTimeInterval', resumeAmount: -1, resumeUnit: 'hours' }),
				now,
			),
		).toBe('Limit Wait Time: Amount must be 0 or more, got -1');
	});
});
