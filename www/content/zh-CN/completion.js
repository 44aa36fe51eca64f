// “补上缺失的部分”（图像修复）的中文（www/content/completion.js 的翻译）：状态、每幅图显示的
// 内容（它们的文字说明跟着遮罩、修复结果和它的分散程度变），以及条件模型要补成哪个数字。
// 数字作为参数传进来，已经格式化好。

export default {
  completion: {
    empty: '画点什么，或者把一个测试数字放进画板（在“撤销”和“清空”下面），就能在这里擦掉它的一部分。',
    autoencoder: '自编码器没有可以精修或从中采样的 q(z|x)，每张图像只有一个编码，所以没法用这种方式修复图像：请在“模型”菜单里选一个 VAE。',
    working: ({ steps, samples }) => `正在修复：在观测到的像素上对 q(z|x) 做 ${steps} 步精修，然后采样 ${samples} 个 z……`,
    done: ({ subject, steps, samples }) => `画板里：${subject}。在观测到的像素上对 q(z|x) 做了 ${steps} 步精修，并采样了 ${samples} 个 z。`,

    erased: {
      'top-half': '擦掉了上半部分',
      'bottom-half': '擦掉了下半部分',
      'left-half': '擦掉了左半部分',
      'right-half': '擦掉了右半部分',
      'centre-square': '擦掉了中间的方块',
      'random-50': '随机擦掉了 50% 的像素',
      'random-75': '随机擦掉了 75% 的像素',
      'random-90': '随机擦掉了 90% 的像素',
      '7x7': '降到 7 × 7：每个 4 × 4 的块只观测一个像素',
      '14x14': '降到 14 × 14：每个 2 × 2 的块只观测一个像素',
      brush: '用画笔擦掉了一些像素',
      none: '什么也没擦掉',
    },

    pictures: {
      mask: ({ subject, erased, missing, pixels }) =>
        `${subject}，${erased}：${pixels} 个像素中缺失 ${missing} 个，画了斜线；模型只看得到其余的像素。在它上面拖动，或者用方向键移动画笔、用空格键涂，可以擦掉或恢复像素。`,
      filled: ({ missing, inked }) => `修复结果：观测到的像素保持原样，缺失的 ${missing} 个由模型补上；有 ${inked} 个像素更可能是墨迹。`,
      samples: ({ count, missingSpread }) =>
        `从精修后的各个起点轮流采样 ${count} 个 z 并解码：缺失部分可能的样子。在缺失的像素上，它们平均相差 ${missingSpread}（每个像素是墨迹的概率的标准差）。`,
      spread: ({ missingSpread, observedSpread, high }) =>
        `样本在每个像素上相差多少：缺失的像素上平均 ${missingSpread}，观测到的像素上平均 ${observedSpread}；颜色越深越不确定，最深处是 ${high}。`,
      waiting: '还没有修复。',
    },

    cursor: ({ column, row, observed }) => `画笔在第 ${column} 列、第 ${row} 行：这个像素${observed ? '观测到了' : '缺失'}。`,

    summary: ({ missing, pixels, missingSpread, observedSpread }) =>
      `${pixels} 个像素中缺失 ${missing} 个。在什么都没观测到的地方，样本平均相差 ${missingSpread}；在观测到的地方，平均相差 ${observedSpread}（每个像素是墨迹的概率的标准差，取平均）。`,

    spreadScale: (high) => `最深处：${high}`,

    readDigit: (digit) => `它读出的数字（${digit}）`,
  },
};
