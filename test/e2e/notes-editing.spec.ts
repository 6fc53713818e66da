// A new note opens in the editor. Editing a note is not interrupted by the UI around it: switching the UI language while the
// editor is open keeps the editor and the text being written.
import { test, expect, ownServe } from './fixtures';
import { languageButton } from './helpers';

const server = ownServe();

test('switching the UI language while editing keeps the editor open', async ({ page, problems }) => {
  await page.goto(server().url);
  await page.getByRole('button', { name: 'New note' }).click();
  await page.getByLabel('Title of the new note').fill('Language switch');
  await page.getByRole('button', { name: 'Create' }).click();
  const note = page.getByRole('article', { name: 'Language switch' });
  // A new note opens in the editor with the cursor in the text: there is nothing to read yet.
  const source = note.getByLabel('Note text (Markdown)');
  await expect(source).toBeFocused();
  await expect(source).toHaveValue('# Language switch\n\n');
  await source.fill('# Language switch\n\nhalf a thought');

  await languageButton(page, '中文').click();
  const zhSource = page.getByRole('article', { name: 'Language switch' }).getByLabel('笔记正文（Markdown）');
  await expect(zhSource).toBeVisible();
  await expect(zhSource).toHaveValue('# Language switch\n\nhalf a thought');
  expect(problems.pageErrors).toEqual([]);
});
