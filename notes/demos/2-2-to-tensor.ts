// Imputing a numeric column with its mean, one-hot encoding a category (NA as its own class), then tensors.
import { tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const numRooms = [NaN, 2, 4, NaN];               // NA read as NaN
  const alley = ['Pave', 'NA', 'NA', 'NA'];
  const price = [127500, 106000, 178100, 140000];

  // inputs.fillna(inputs.mean()): the mean of the values that are there
  const known = numRooms.filter((v) => !Number.isNaN(v));
  const mean = known.reduce((s, v) => s + v, 0) / known.length;
  const rooms = numRooms.map((v) => (Number.isNaN(v) ? mean : v));
  print('mean', mean, 'rooms', rooms);

  // pd.get_dummies(inputs, dummy_na=True): one 0/1 column per category, NA included
  const categories = ['Pave', 'NA'];
  const X = tensor(rooms.map((r, i) => [r, ...categories.map((c) => (alley[i] === c ? 1 : 0))]));
  const y = tensor(price);
  print(X);
  print(y);
  // demo:end
}
