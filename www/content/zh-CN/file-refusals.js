// 数据 Worker 拒绝一个文件时说的话（www/content/file-refusals.js 的翻译），占位符与英文相同。

export const FILE_REFUSALS_ZH = Object.freeze({
  undecodable: '浏览器无法解码它（{reason}）',
  'decodes-otherwise': '它的文件头写着 {width}×{height}，解码出来却是 {decodedWidth}×{decodedHeight}',
  'too-many-pixels': '这些图像的像素总数超过了 {max} 的上限',
});
