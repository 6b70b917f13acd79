import { officerTaskIdFor, officerTasks } from '../models/officer-task.js';
import { officerIdFor } from '../services/officers/identity.js';
import { inviteOfficer } from '../services/officers/invites.js';
import { OPERATOR, type Acting } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { ensureTasks } from '../services/reminders/tasks.js';
import { aUser, type FakeUser, type SentMessage } from './fakes/telegram-bot-api.js';
import { startChatBot } from './support/telegram-chat.js';

let chat: Awaited<ReturnType<typeof startChatBot>>;
let operator: Acting;
let serial = 700;
const NOT_OFFICER = 'Chức năng này chỉ dành cho cán bộ. Xin nhập mã mời cán bộ trước.';
const idOf = (commune: string, task: string) => officerTaskIdFor(commune, task, '2026-12');

beforeAll(async () => {
  chat = await startChatBot();
  operator = { scope: OPERATOR, entryPoint: 'cli', now: () => chat.clock.now };
  await saveCommunes(
    [
      { code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null },
      { code: '00008', name: 'Phường Ngọc Hà', provinceCode: '01', legacyDistrict: null },
    ],
    { sealer: chat.rt.sealer, entryPoint: 'import', actor: 'test' },
  );
  await ensureTasks('01', '2026-12');
});
afterAll(async () => {
  await chat.stop();
});

/** A chat linked to a new commune officer of 00004; returns the chat's user, its menu message and the officer id. */
async function officerChat(): Promise<{ user: FakeUser; menu: SentMessage; officerId: string }> {
  const phone = `09140${String(++serial).padStart(5, '0')}`;
  const { code } = await inviteOfficer(
    operator,
    { role: 'commune_officer', communeCodes: ['00004'], name: 'Trần Thu Hằng', phone },
    { sealer: chat.rt.sealer },
  );
  const user = aUser();
  const [menu] = await chat.say(user, code);
  return { user, menu: menu!, officerId: officerIdFor(chat.rt.sealer, `+84${phone.slice(1)}`) };
}

/** Presses a reminder's Done button (forced onto an earlier message: the reminders are another helper's) and returns the reply. */
async function pressDone(user: FakeUser, m: SentMessage, taskId: string): Promise<SentMessage> {
  const before = chat.fake.messagesTo(user.id).length;
  chat.fake.pressButton(user, m, `task:done:${taskId}`, { force: true });
  return (await chat.fake.waitForMessages(user.id, before + 1)).at(-1)!;
}

describe('the Done button of a task reminder', () => {
  test('when the commune officer presses Done, then the task is done with who and when, and pressing again changes nothing', async () => {
    const { user, menu, officerId } = await officerChat();
    const id = idOf('00004', 'payment_list');
    chat.clock.now = new Date('2026-12-20T02:00:00Z');
    const reply = await pressDone(user, menu, id);
    expect(reply.text).toBe(
      '✅ Đã ghi nhận hoàn thành: Lập danh sách chi trả — Phường Ba Đình, kỳ 12/2026 (hạn 25/12/2026). Sẽ không còn nhắc việc này nữa.',
    );
    expect(await officerTasks.byId(id)).toMatchObject({
      status: 'done',
      completedAt: new Date('2026-12-20T02:00:00Z'),
      completedBy: `officer:${officerId}`,
      completedVia: 'telegram',
    });
    expect([...chat.fake.callbackAnswers.values()].at(-1)).toMatchObject({ text: 'Đã ghi nhận hoàn thành.' });

    chat.clock.now = new Date('2026-12-21T02:00:00Z');
    const again = await pressDone(user, menu, id);
    expect(again.text).toBe(
      '✅ Lập danh sách chi trả — Phường Ba Đình, kỳ 12/2026 đã được ghi nhận hoàn thành lúc 20/12/2026 09:00 (Trần Thu Hằng).',
    );
    expect((await officerTasks.byId(id))!.completedAt).toEqual(new Date('2026-12-20T02:00:00Z'));
  });

  test("when an officer presses Done on another commune's task, then it is refused and the task stays open", async () => {
    const { user, menu } = await officerChat();
    const id = idOf('00008', 'payment_list');
    const reply = await pressDone(user, menu, id);
    expect(reply.text).toBe('Xã/phường này không thuộc địa bàn anh/chị phụ trách.');
    expect((await officerTasks.byId(id))!.status).toBe('open');
  });

  test('when someone who is not an officer presses Done, then they are told it is for officers and nothing changes', async () => {
    const user = aUser();
    const [hello] = await chat.say(user, '/start');
    const id = idOf('00004', 'monthly_changes');
    expect((await pressDone(user, hello!, id)).text).toBe(NOT_OFFICER);
    expect((await officerTasks.byId(id))!.status).toBe('open');
  });
});
