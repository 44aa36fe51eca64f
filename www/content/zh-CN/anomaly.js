// “这是数字吗？”（异常检测）的中文（www/content/anomaly.js 的翻译）：画板里的图像在测试数字的
// ELBO 之间处在什么位置、阈值会标记出什么、条件模型觉得它最接近哪个数字，以及直方图背后的文字。
// 数字作为参数传进来，已经格式化好。

export default {
  anomaly: {
    measuring: '正在测量每个测试数字的 ELBO（每个模型只测一次）……',
    autoencoder: '自编码器没有 ELBO，所以没法用这种方式说出一张图像有多像数字：请在“模型”菜单里选一个 VAE。',
    held: '直方图是这次训练开始之前的模型测出的；训练停下后会重新测量。',
    empty: '画点什么，或者把一个测试数字放进画板（在“撤销”和“清空”下面），就能把它放到直方图上。',
    measured: (images) => `全部 ${images} 个测试数字的 ELBO，在这个浏览器里测得。`,

    scores: {
      elbo: {
        name: 'ELBO',
        about: '模型觉得这张图像有多可能出现（log p(x) 的一个下界），单位奈特。简单的图像，比如一个点或一条线，要解释的东西少，可能得分很高。',
        caption: '每个测试数字的 ELBO（编码器给出的 q(z|x)，每个一个 ε），分成一根根柱子；红色：阈值标记出的测试数字；蓝线：画板里的图像。',
        thresholdLabel: 'ELBO 低于这个值的图像就标记出来：',
        axis: '每个测试数字的 ELBO，奈特 →',
      },
      complexity: {
        name: 'ELBO + 复杂度',
        about:
          'ELBO 加上图像的复杂度：一个面向黑白图像的无损编码器存下这张图像所需的奈特数，每个像素由它左边和上边的邻居来预测（Serrà 等，2020）。简单的图像编码起来花费很少，所以简单本身不再算作像数字。',
        caption: '每个测试数字的 ELBO + 复杂度，分成一根根柱子；红色：阈值标记出的测试数字；蓝线：画板里的图像。',
        thresholdLabel: 'ELBO + 复杂度低于这个值的图像就标记出来：',
        axis: '每个测试数字的 ELBO + 复杂度，奈特 →',
      },
    },

    score: ({ subject, elbo, samples }) =>
      `画板里：${subject}。它的 ELBO 是 ${elbo} 奈特，用编码器给出的 q(z|x)、不经精修，与每个测试数字的打分方式相同（${samples} 个 ε 的平均；每个测试数字用一个 ε）。`,

    complexity: ({ complexity, total }) => `它的复杂度是 ${complexity} 奈特：ELBO + 复杂度 = ${total} 奈特。`,

    percentile: {
      belowAll: ({ images }) => `比全部 ${images} 个测试数字都更不像数字。`,
      aboveAll: ({ images }) => `比全部 ${images} 个测试数字都更像数字。`,
      less: ({ share, images }) => `比 ${images} 个测试数字中的 ${share}% 更不像数字。`,
      more: ({ share, images }) => `比 ${images} 个测试数字中的 ${share}% 更像数字。`,
    },

    flagged: ({ name, value, threshold }) => `被标记为不是数字：它的 ${name}（${value}）低于阈值 ${threshold} 奈特。`,
    passes: ({ name, value, threshold }) => `可以算作数字：它的 ${name}（${value}）不低于阈值 ${threshold} 奈特。`,

    threshold: (threshold) => `${threshold} 奈特`,
    falseAlarms: ({ share, flagged, images }) =>
      `在这个阈值下，${share}% 的测试数字（${images} 个中的 ${flagged} 个）会被标记，尽管它们每一个都是数字：这就是误报率。`,
    valueText: ({ threshold, share }) => `${threshold} 奈特：标记 ${share}% 的测试数字`,

    closest: ({ digit, next, gap, far }) =>
      `最接近数字 ${digit}：告诉模型它是 ${digit} 时的 ELBO，比告诉它是次接近的 ${next} 时高出${far ? '超过 ' : ' '}${gap} 奈特。` +
      '每个测试数字都按它自己的数字打分，这张图像则按它被编码成的数字打分。',

    histogram: ({ name, images, low, high, q1, median, q3, image, threshold, flagged }) =>
      `${images} 个测试数字的 ${name} 直方图，从 ${low} 到 ${high} 奈特：居中的一半在 ${q1} 到 ${q3} 之间，中位数 ${median}。` +
      `阈值在 ${threshold} 奈特（${flagged}% 的测试数字低于它）` +
      (image === null ? '。' : `；画板里的图像在 ${image} 奈特。`),

    plot: {
      threshold: '阈值',
      image: '这张图像',
      count: (value) => `最高的柱子：${value} 个`,
    },

    costSum: (total) => `Σ = ${total} 奈特`,
  },
};
