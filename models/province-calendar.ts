import mongoose, { Schema } from 'mongoose';
import { oid, stableId } from './ids.js';

/**
 * What a province administrator changed in its officers' monthly calendar; one small document per
 * province, absent until the first edit. `tasks` holds only the overridden deadline days; `holidays`
 * is the province's whole list of days off, or null to keep the shipped one.
 */
export type ProvinceCalendarEdits = {
  provinceCode: string;
  tasks: { key: string; day: number }[];
  holidays: string[] | null;
  updatedAt: Date;
  updatedBy: string;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    provinceCode: { type: String, required: true },
    tasks: { type: [new Schema({ key: String, day: Number }, { _id: false })], default: [] },
    holidays: { type: [String], default: null },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'province_calendars', versionKey: false },
);
const CalendarModel = mongoose.model('ProvinceCalendar', schema);

const idOf = (provinceCode: string) => stableId('province-calendar', provinceCode);
type Doc = ProvinceCalendarEdits & { _id: mongoose.Types.ObjectId };

/** Repository over province calendars; the id is derived from the province code. */
export const provinceCalendars = {
  async byProvince(provinceCode: string): Promise<ProvinceCalendarEdits | null> {
    const d = (await CalendarModel.collection.findOne({ _id: oid(idOf(provinceCode)) })) as Doc | null;
    if (!d) return null;
    return {
      provinceCode: d.provinceCode,
      tasks: (d.tasks ?? []).map((t) => ({ key: t.key, day: t.day })),
      holidays: d.holidays ?? null,
      updatedAt: d.updatedAt,
      updatedBy: d.updatedBy,
    };
  },
  /** Stores the province's edits whole (an upsert under the deterministic id). */
  async save(edits: ProvinceCalendarEdits): Promise<void> {
    await CalendarModel.collection.updateOne(
      { _id: oid(idOf(edits.provinceCode)) },
      { $set: { ...edits } },
      { upsert: true },
    );
  },
};
