// 数据面板的中文（www/content/dataset.js 的翻译）：选中的文件里有什么、将如何读取、正在使用的数据、
// 各项限制，以及文件被拒绝的原因。数量以数字传进来（在这里配上量词），其他数字已经格式化好。

import { count } from '../../i18n/format.js';

/** “1,200 张图像”：数量加量词（中文没有复数）。 */
const many = (n, unit) => `${count(n)} ${unit}`;

/** 以“十亿”为单位的像素数（已格式化，如 “4.3”）写成“43 亿像素”；读不出来时写成 “4.3 × 10⁹ 个像素”。 */
const pixelsInYi = (billions) => {
  const value = Number(String(billions).replace('−', '-'));
  return Number.isFinite(value) ? `${count(Math.round(value * 10))} 亿像素` : `${billions} × 10⁹ 个像素`;
};

export default {
  dataset: {
    framing: { ink: '纸上的墨迹（裁剪到墨迹范围并居中）', whole: '整张图像（缩放到 28×28）' },
    polarity: { 'dark-on-light': '浅色纸上的深色墨迹', 'light-on-dark': '深色底上的浅色墨迹' },
    inkDetected: '自动检测墨迹颜色',
    detected: '（自动检测）',
    levels: { binary: '在 ½ 处二值化', grey: '保留灰度' },
    idxAsTheyAre: (levels) => `28×28 图像保持原样，${levels}`,
    howImages: ({ framing, ink, levels }) => `${framing}，${ink}，${levels}`,
    classes: (names, total) => (total ? `${many(total, '个类别')}（${names.join('、')}）` : '没有标签'),
    listing: ({ done, total }) => `正在列出文件：${count(done)} / ${many(total, '个')}……`,
    opening: (files) => `正在打开 ${many(files, '个文件')}……`,
    reading: ({ done, total }) => `已读取 ${count(done)} / ${many(total, '张图像')}……`,
    theFilesPicked: '选中的文件',
    idxFiles: 'IDX 文件',
    summary: ({ images, classes, hasTest, held, how }) =>
      `${many(images, '张图像')} · ${classes} · ${hasTest ? '带有测试集' : `没有测试集：将留出 ${many(held, '张图像')}（十分之一）用于测试`} · ${how}。`,
    previewLabel: ({ shown, name, classes, how }) => `从“${name}”中选出的 ${shown} 个输入，按模型将看到的样子显示：${classes}；${how}`,
    previewCaption: ({ shown, idx }) => `从${idx ? '训练图像' : '全部图像'}中选出的 ${shown} 个输入，按模型将看到的样子显示`,
    inUse: ({ name, train, test, heldOut, seed, classes, how, seconds }) =>
      `${name}：${many(train, '张图像')}用于训练，${heldOut ? `${many(test, '张图像')}留作测试（十分之一，用种子 ${seed} 选出）` : `${many(test, '张测试图像')}`} · ${classes} · ${how} · 读取用时 ${seconds} 秒。`,
    mnistInUse: 'MNIST：60,000 个手写数字用于训练，10,000 个用于测试。',
    limits: ({ maxImages, maxSide, billions, maxClasses, heldOutParts }) =>
      `你自己的数据永远不会离开这个浏览器。最多 ${many(maxImages, '张图像')}，每边最多 ${many(maxSide, '个像素')}，总共最多 ${pixelsInYi(billions)}，` +
      `最多 ${maxClasses} 个类别（子文件夹）；没有测试集时，每 ${heldOutParts} 张图像留出 1 张用于测试。`,
    unknownData: '本页无法识别的数据',
    record: ({ name, images, how, classes }) =>
      `${name}（${[many(images, '张图像'), how, classes && `类别：${classes.join('、')}`].filter(Boolean).join('；')}）`,
    couldNotOpen: (message) => `无法打开这些文件：${message}`,
    couldNotPreview: (message) => `无法预览这些图像：${message}`,
    couldNotUse: (message) => `无法使用这些文件：${message}`,
    unchanged: (message) => `${message}。当前使用的数据没有改变。`,
    noImages: ({ where, extensions }) => `${where} 中没有图像（支持的格式：${extensions}）`,
    tooManyImages: ({ where, images, max }) => `${where} 中有 ${many(images, '张图像')}；一个数据集最多 ${many(max, '张')}`,
    tooLarge: ({ path, bytes, max }) => `${path}：${many(bytes, '字节')}；单个文件最多 ${many(max, '字节')}`,

    testImage: (brought) => (brought ? '测试图像' : '测试数字'),
    testImages: (brought) => (brought ? '测试图像' : '测试数字'),
  },
};
