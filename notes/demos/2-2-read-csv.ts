// Reading the book's tiny house CSV without pandas: split lines and fields, NA becomes NaN.
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const csv = 'NumRooms,Alley,Price\nNA,Pave,127500\n2,NA,106000\n4,NA,178100\nNA,NA,140000\n';
  const [header, ...lines] = csv.trim().split('\n');
  const columns = header.split(',');
  const rows = lines.map((line) => line.split(','));
  print(columns);
  for (const row of rows) print(row);

  // pandas' read_csv guesses each column's type; here: numeric if every non-NA cell parses
  const isNumeric = columns.map((_, j) => rows.every((r) => r[j] === 'NA' || !Number.isNaN(Number(r[j]))));
  const missing = columns.map((_, j) => rows.filter((r) => r[j] === 'NA').length);
  print('numeric', isNumeric);
  print('missing', missing);  // data.isna().sum()
  // demo:end
}
