import { miniappContext } from '../../miniapp/wiring.js';
import { issueOfficerWebLink } from '../../services/miniapp/web-links.js';
import { inviteOfficer } from '../../services/officers/invites.js';
import { listOfficers, removeOfficer } from '../../services/officers/roster.js';
import { actingAt } from './acting.js';
import { expiresLine, flags, out, type CliCommand } from './command.js';

const ROLE_VI = { commune_officer: 'cán bộ xã', province_admin: 'quản trị viên tỉnh' } as const;

/** `officers invite | list | remove | web-link`; each accepts `--officer PHONE` to act as that officer. */
export const officersCommand: CliCommand = {
  usage: `  officers invite --role province_admin --province MÃ_TỈNH --name "HỌ TÊN" --phone SĐT
  officers invite --role commune_officer --commune MÃ_XÃ[,MÃ_XÃ] --name "HỌ TÊN" --phone SĐT
                                  mời cán bộ (hoặc thêm xã cho cán bộ đã có); dòng cuối là mã mời dùng một lần, 72 giờ
  officers list                   danh sách cán bộ (số điện thoại che, chỉ hiện 4 số cuối)
  officers remove --phone SĐT     gỡ cán bộ ngay lập tức (phiên đăng nhập kết thúc, hết nhận tin công việc)
  officers web-link --phone SĐT   đường liên kết đăng nhập mục cán bộ trên trình duyệt, dùng một lần (dòng cuối)
  (mọi lệnh officers nhận --officer SĐT để làm với quyền của cán bộ đó)`,
  async run(args, rt) {
    if (args[0] !== 'officers') return null;
    const f = flags(args.slice(1));
    const one = (name: string) => f.get(name).at(-1) ?? '';
    const acting = await actingAt(rt, f.get('officer').at(-1));
    const sub = f.rest[0];
    if (sub === 'invite') {
      const invite = await inviteOfficer(
        acting,
        {
          role: one('role'),
          ...(one('province') ? { provinceCode: one('province') } : {}),
          communeCodes: f.get('commune').flatMap((c) => c.split(',')),
          name: one('name'),
          phone: one('phone'),
        },
        { sealer: rt.sealer },
      );
      out(
        invite.created
          ? 'Đã tạo cán bộ. / Officer created.'
          : 'Cán bộ đã có: đã cập nhật tên và địa bàn. / Existing officer: name and area updated.',
      );
      out('Cán bộ gửi mã này cho bot (hoặc mở t.me/<bot>?start=MÃ) để liên kết cuộc trò chuyện với tài khoản cán bộ.');
      out('The officer sends this code to the bot (or opens t.me/<bot>?start=CODE) to link their chat.');
      out(expiresLine({ vi: 'Mã mời dùng một lần', en: 'one-time invite code' }, invite.expiresAt));
      out(invite.code);
      return 0;
    }
    if (sub === 'list') {
      const rows = await listOfficers(acting);
      out(`Cán bộ đang hoạt động / active officers: ${rows.length}`);
      for (const r of rows)
        out(
          [
            r.provinceCode,
            ROLE_VI[r.role],
            r.name,
            r.phone,
            r.communeCodes.join(',') || r.provinceName,
            `chat: ${r.chats}`,
          ].join('\t'),
        );
      return 0;
    }
    if (sub === 'remove') {
      const removed = await removeOfficer(acting, one('phone'), { sealer: rt.sealer });
      out(`Đã gỡ cán bộ ${removed.name}. / Officer ${removed.name} removed.`);
      return 0;
    }
    if (sub === 'web-link') {
      const { url, expiresAt } = await issueOfficerWebLink(acting, one('phone'), miniappContext(rt.config, rt.sealer));
      out(expiresLine({ vi: 'Đường liên kết dùng một lần', en: 'single-use link' }, expiresAt));
      out(url);
      return 0;
    }
    return null;
  },
};
