import mongoose from 'mongoose';
import { prepareTelegram, type TelegramRunner } from '../../bot/telegram/run.js';
import { loadConfig } from '../../services/config.js';
import { issueLinkCode } from '../../services/linking/codes.js';
import { linkPolicy, type LinkingContext } from '../../services/linking/policy.js';
import { createLogger } from '../../services/log.js';
import { FakeTelegram, aUser, type FakeUser, type SentMessage } from '../fakes/telegram-bot-api.js';
import { startTestRuntime } from './runtime.js';
import { aBeneficiary, aPayment, register } from './register.js';

/** A button as the fake received it, inline or on the reply keyboard. */
export type Button = { text: string; callback_data?: string; web_app?: { url: string }; request_contact?: boolean };

/** The main menu's link button, by language. */
export const LINK_BUTTON = { vi: '📱 Liên kết hồ sơ của tôi', en: '📱 Link my record' } as const;

/**
 * A bot on the run's database talking to the Telegram fake, with a clock the test moves and every
 * log line kept, plus the few moves a conversation test makes.
 */
export async function startChatBot() {
  const rt = await startTestRuntime();
  const clock = { now: new Date('2026-10-25T03:00:00Z') };
  const linking: LinkingContext = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => clock.now };
  const fake = await FakeTelegram.start();
  const logLines: string[] = [];
  const config = loadConfig({
    NODE_ENV: 'test',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PUBLIC_URL: 'https://an-sinh.example',
  });
  const log = createLogger('trace', { write: (s: string) => void logLines.push(s) });
  const runner: TelegramRunner = prepareTelegram(config, linking, log)!;
  await runner.start();

  /** Sends a text and returns the `replies` it got. */
  async function say(user: FakeUser, text: string, replies = 1): Promise<SentMessage[]> {
    const before = fake.messagesTo(user.id).length;
    fake.sendText(user, text);
    return (await fake.waitForMessages(user.id, before + replies)).slice(before);
  }

  /** Switches the chat to English with the menu's language button. */
  async function inEnglish(user: FakeUser): Promise<void> {
    expect((await say(user, '🌐 English'))[0]!.text).toBe('Language set to English.');
  }

  /** A chat linked to a fresh record with a bank payment for 10/2026 and no account details on record. */
  async function linkedUser(lang: 'vi' | 'en'): Promise<{ user: FakeUser; name: string }> {
    const b = aBeneficiary({ fullName: lang === 'vi' ? 'Hoàng Thị Hoa' : 'Vũ Văn Hải', account: null });
    await register(
      rt.sealer,
      [b],
      [aPayment(b.nationalId, { period: '2026-10', status: 'paid', method: 'bank', paidAt: '2026-10-10' })],
    );
    const user = aUser();
    if (lang === 'en') await inEnglish(user);
    await say(user, (await issueLinkCode(linking, b.nationalId, 'cli')).code);
    return { user, name: b.fullName };
  }

  return {
    rt,
    fake,
    clock,
    logLines,
    say,
    inEnglish,
    linkedUser,
    /** Every stored document of every collection, as text, to search for what must never be kept. */
    async everythingStored(): Promise<string> {
      const parts: string[] = [];
      for (const c of await mongoose.connection.db!.collections())
        parts.push(JSON.stringify(await c.find({}).toArray()));
      return parts.join('\n');
    },
    /** Everything the bot sent: the parameters of every API call. */
    everythingSent: (): string => JSON.stringify(fake.calls.map((c) => c.params)),
    async stop(): Promise<void> {
      await runner.stop();
      await fake.stop();
      await rt.stop();
    },
  };
}

/** The buttons under a message the bot sent. */
export function buttons(m: SentMessage): Button[] {
  const markup = m.reply_markup as { inline_keyboard?: Button[][]; keyboard?: Button[][] } | undefined;
  return (markup?.inline_keyboard ?? markup?.keyboard ?? []).flat();
}
