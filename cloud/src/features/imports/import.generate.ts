import ExcelJS from 'exceljs';

/**
 * Synthetic rosters shaped like the secretariat's real one (test/fixtures/samples): one row per
 * contact, three contacts per organization. Used by the tests and the import benchmark.
 */
export const ROSTER_HEADER = [
  '序号',
  '单位名称',
  '简称',
  '单位类型',
  '所在省份',
  '所在城市',
  '联盟职务',
  '行业领域',
  '联系人',
  '职务',
  '手机',
  '邮箱',
];

const KINDS = ['企业', '高校', '科研院所', '协会'];
const ROLES = ['理事长单位', '副理事长单位', '理事单位', '成员单位', '非成员'];
const FIELDS = ['金属材料', '装备制造', '铸造;焊接', '轨道交通', '新能源;材料'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英';
const TITLES = ['总经理', '副总工程师', '技术中心主任', '教授', '研究员', '秘书长'];

export function rosterRows(count: number, seed = 0): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const org = Math.floor(i / 3) + seed * 1_000_000;
    const name = `${SURNAMES[i % 20]}${GIVEN[(i * 7) % 24]}${GIVEN[(i * 13) % 24]}`;
    rows.push([
      String(i + 1),
      `示范新材料第${org}有限公司`,
      `示范${org}`,
      KINDS[org % KINDS.length],
      '黑龙江',
      '哈尔滨',
      ROLES[org % ROLES.length],
      FIELDS[org % FIELDS.length],
      name,
      TITLES[i % TITLES.length],
      `139${String(seed * 10_000_000 + i).padStart(8, '0')}`,
      i % 3 === 0 ? `c${i}@example.cn` : '',
    ]);
  }
  return rows;
}

export function rosterCsv(count: number, seed = 0): Buffer {
  const text = [ROSTER_HEADER, ...rosterRows(count, seed)].map((r) => r.join(',')).join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function rosterXlsx(count: number, seed = 0): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('成员单位名录');
  sheet.addRow(ROSTER_HEADER);
  for (const row of rosterRows(count, seed)) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}
