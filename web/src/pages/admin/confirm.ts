import { ElMessageBox } from 'element-plus';

/** Asks before an act that ends sessions or passwords; answers whether the person went ahead. */
export async function confirmed(message: string, title: string, confirmButtonText: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText, cancelButtonText: '取消', type: 'warning' });
    return true;
  } catch {
    return false;
  }
}
