import { chats } from '../models/chat.js';
import { officers } from '../models/officer.js';
import { stableId } from '../models/ids.js';
import { chatIdFor } from '../services/linking/chats.js';
import { runReminderPass } from '../services/reminders/pass.js';
import { completeByPayments, completeTask } from '../services/reminders/tasks.js';
import { notifications } from '../models/notification.js';
import { OPERATOR } from '../services/officers/scope.js';
import { officerTaskIdFor } from '../models/officer-task.js';
import { seedBaDinhOfficer } from './support/ba-dinh-officer.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt.stop());
beforeEach(async () => {
  await emptyDatabase();
  await seedBaDinhOfficer(rt.sealer, 'test');
});

// December 2026: the 20th is a Sunday, so monthly changes are due Monday 21/12; the payment list Friday 25/12.
describe('the reminder pass', () => {
  it('when the pass runs twice at the same instant, then each reminder is created once', async () => {
    const at = new Date('2026-12-16T08:00+07:00'); // 5 days before 21/12
    expect(await runReminderPass(at)).toEqual({ created: 1, communes: 1, digests: 0 });
    expect(await runReminderPass(at)).toEqual({ created: 0, communes: 0, digests: 0 });
    const twice = await Promise.all([runReminderPass(at), runReminderPass(at)]);
    expect(twice.map((r) => r.created)).toEqual([0, 0]);
  });

  it('when a commune finishes on time, then it got exactly the pre-deadline reminders and nothing after Done', async () => {
    let created = 0;
    for (const day of ['2026-12-15', '2026-12-16', '2026-12-20', '2026-12-21'])
      created += (await runReminderPass(new Date(`${day}T08:00+07:00`))).created;
    expect(created).toBe(4); // monthly changes 5 days before, 1 day before, on the day; payment list 5 days before (20/12)
    await completeTask(
      { scope: OPERATOR, entryPoint: 'cli', now: () => new Date() },
      officerTaskIdFor('00004', 'monthly_changes', '2026-12'),
      'cli',
    );
    expect((await runReminderPass(new Date('2026-12-22T08:00+07:00'))).created).toBe(0);
  });

  it('when a task is closed while its reminders still wait to be sent, then they are cancelled and the others stay', async () => {
    const at = new Date('2026-12-20T08:00+07:00'); // monthly changes 1 day before, payment list 5 days before
    expect((await runReminderPass(at)).created).toBe(2);
    await completeByPayments(['00004'], '2026-12', at);
    const states = async () =>
      Object.fromEntries((await notifications.countByStatus('2026-12')).map((r) => [r.status, r.count]));
    expect(await states()).toEqual({ created: 1, cancelled: 1 });
    await completeTask(
      { scope: OPERATOR, entryPoint: 'cli', now: () => at },
      officerTaskIdFor('00004', 'monthly_changes', '2026-12'),
      'cli',
    );
    expect(await states()).toEqual({ cancelled: 2 });
  });

  it('when a commune never finishes, then it gets an overdue notice every working day and is in the digest from the 3rd', async () => {
    const chat = { channel: 'telegram' as const, chatId: '7002' };
    await chats.open(chatIdFor(chat), chat.channel, chat.chatId);
    await officers.insertIfAbsent({
      id: stableId('officer', 'admin'),
      name: 'Lê Văn Nam',
      phone: { sealed: 'y', index: 'j', last4: '0100' } as never,
      role: 'province_admin',
      provinceCode: '01',
      communeCodes: [],
      chats: [chat],
    });
    const at = (day: string) => runReminderPass(new Date(`${day}T08:00+07:00`));
    expect(await at('2026-12-22')).toEqual({ created: 1, communes: 1, digests: 0 }); // 1st working day late
    expect(await at('2026-12-23')).toEqual({ created: 1, communes: 1, digests: 0 });
    expect((await at('2026-12-24')).digests).toBe(1); // 3rd working day late
    expect((await at('2026-12-26')).created).toBe(0); // Saturday: no overdue notice, no digest
  });
});
