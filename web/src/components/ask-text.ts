import { ElMessageBox } from 'element-plus';

/**
 * A dialog that asks for a comment or a reason before an act (退回, 同意, 办结 …):
 * the text, trimmed ('' when left empty and not required), or null when the person cancels.
 */
export async function askText(options: {
  title: string;
  message: string;
  confirm: string;
  /** The message shown when left empty; absent: the text may be empty. */
  required?: string;
  placeholder?: string;
  value?: string;
}): Promise<string | null> {
  try {
    const { value } = await ElMessageBox.prompt(options.message, options.title, {
      confirmButtonText: options.confirm,
      cancelButtonText: '取消',
      inputType: 'textarea',
      inputValue: options.value,
      inputPlaceholder: options.placeholder ?? (options.required ? '' : '可不填'),
      inputValidator: (v: string) => !options.required || (v ?? '').trim() !== '' || options.required,
    });
    return (value ?? '').trim();
  } catch {
    return null;
  }
}
