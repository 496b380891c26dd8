/**
 * scripts/lib/flowJsonScreens.ts, which the booking e2e run uses to play the Flow as WhatsApp's
 * client does and to judge the endpoint's answers: shown here to resolve an action's payload
 * from the form and the screen's data, and to catch each kind of wrong screen data.
 */
import * as fs from 'fs';

import {
	actionPayload,
	screenDataProblems,
	screenOf,
	type FlowJson,
} from '../../scripts/lib/flowJsonScreens';
import { fromRoot } from '../../scripts/lib/repoRoot';

const flow = JSON.parse(
	fs.readFileSync(fromRoot('examples', 'flows', 'appointment-booking.json'), 'utf8'),
) as FlowJson;

const appointment = {
	dates: [{ id: '2026-12-14', title: 'Mon 14 Dec' }],
	times: [{ id: '10:30', title: '10:30' }],
	is_time_enabled: true,
};

describe('actionPayload', () => {
	test("a dropdown's on-select-action: ${form.x} from what the customer chose", () => {
		const { action, payload } = actionPayload(
			screenOf(flow, 'APPOINTMENT'),
			{ form: { date: '2026-12-14' }, data: appointment },
			'date',
		);
		expect(action.name).toBe('data_exchange');
		expect(payload).toEqual({ trigger: 'date_selected', date: '2026-12-14' });
	});

	test("the Footer's action: ${data.x} from the screen's data, an empty optional field as ''", () => {
		const { action, payload } = actionPayload(screenOf(flow, 'DETAILS'), {
			form: { name: 'Sheena Nelson', email: 'sheena@example.com' },
			data: { date: '2026-12-14', time: '10:30' },
		});
		expect(action.next).toEqual({ type: 'screen', name: 'SUMMARY' });
		expect(payload).toEqual({
			date: '2026-12-14',
			time: '10:30',
			name: 'Sheena Nelson',
			email: 'sheena@example.com',
			phone: '',
			notes: '',
		});
	});

	test('a component without an action is an error, not an empty payload', () => {
		expect(() =>
			actionPayload(screenOf(flow, 'APPOINTMENT'), { form: {}, data: {} }, 'time'),
		).toThrow('APPOINTMENT has no action on time');
		expect(() => screenOf(flow, 'NOPE')).toThrow('the Flow JSON has no screen NOPE');
	});
});

describe('screenDataProblems', () => {
	test('the data a screen declares, with error_message allowed: no problem', () => {
		expect(screenDataProblems(flow, 'APPOINTMENT', appointment)).toEqual([]);
		expect(
			screenDataProblems(flow, 'BOOKED', {
				booking_id: 'BK-7Q2M',
				date: '2026-12-14',
				time: '10:30',
				confirmation: 'Monday 14 December at 10:30.',
				error_message: 'shown as an error',
			}),
		).toEqual([]);
	});

	test('a missing field, a wrong type, a wrong item and an undeclared field are each named', () => {
		expect(
			screenDataProblems(flow, 'APPOINTMENT', {
				dates: [{ id: '2026-12-14' }],
				times: 'not a list',
				slots: [],
			}),
		).toEqual([
			'APPOINTMENT.dates[0].title is missing',
			'APPOINTMENT.times is not an array',
			'APPOINTMENT.is_time_enabled is missing',
			'APPOINTMENT.slots is not declared by the screen',
		]);
		expect(
			screenDataProblems(flow, 'APPOINTMENT', { ...appointment, is_time_enabled: 'true' }),
		).toEqual(['APPOINTMENT.is_time_enabled is not a boolean']);
		expect(screenDataProblems(flow, 'BOOKED', null)).toEqual(['BOOKED: data is not an object']);
	});
});
