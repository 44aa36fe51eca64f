//! A folder of images as a dataset, natively (the CLI's `vae train --data FOLDER`): PNG, JPEG
//! and WebP files decoded with the `image` crate; the page decodes files in the browser
//! instead. From the pixels on, both run [`crate::images`].
//!
//! Images directly in the folder and in its sub-folders (one level) are read, and labelled by
//! [`labels_from_paths`] from where each is.

use std::path::{Path, PathBuf};

use image::{ImageReader, Limits};

use crate::data::MAX_IMAGES;
use crate::error::{Result, VaeError};
use crate::images::{Grey, MAX_SIDE, labels_from_paths};

/// The files read as images, by extension (any case).
pub const EXTENSIONS: [&str; 4] = ["png", "jpg", "jpeg", "webp"];
/// What decoding one image may allocate: a 4096×4096 RGBA image with room to spare.
const MAX_DECODE_BYTES: u64 = 128 << 20;

/// The images of a folder, each with its file's path relative to the folder.
#[derive(Debug)]
pub struct Folder {
    pub files: Vec<String>,
    pub images: Vec<Grey>,
    /// Each image's class (the index of its sub-folder), when there are sub-folders.
    pub labels: Option<Vec<u8>>,
    /// The sub-folders' names, by label.
    pub label_names: Vec<String>,
}

fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            EXTENSIONS
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

/// The entries of a folder, sorted by name: (sub-folders, image files).
fn entries(folder: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let read = std::fs::read_dir(folder)
        .map_err(|e| VaeError::Data(format!("{}: {e}", folder.display())))?;
    let mut paths = read
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| VaeError::Data(format!("{}: {e}", folder.display())))?;
    paths.sort();
    let (folders, files): (Vec<_>, Vec<_>) = paths.into_iter().partition(|path| path.is_dir());
    Ok((
        folders,
        files.into_iter().filter(|path| is_image(path)).collect(),
    ))
}

/// One image file as grey levels, refused from its header when a side exceeds [`MAX_SIDE`].
/// Transparent pixels count as white paper.
pub fn read_image(path: &Path) -> Result<Grey> {
    let failed = |e: &dyn std::fmt::Display| VaeError::Data(format!("{}: {e}", path.display()));
    let mut reader = ImageReader::open(path)
        .map_err(|e| failed(&e))?
        .with_guessed_format()
        .map_err(|e| failed(&e))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE as u32);
    limits.max_image_height = Some(MAX_SIDE as u32);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| failed(&e))?.into_luma_alpha8();
    let (width, height) = (image.width() as usize, image.height() as usize);
    let pixels = image
        .pixels()
        .map(|pixel| {
            let [grey, alpha] = pixel.0;
            let alpha = u32::from(alpha);
            ((u32::from(grey) * alpha + 255 * (255 - alpha) + 127) / 255) as u8
        })
        .collect();
    Grey::new(width, height, pixels).map_err(|e| failed(&e))
}

/// Reads every image of `folder` (see the module's docs), after checking how many there are
/// and how they are labelled.
pub fn read_folder(folder: &Path) -> Result<Folder> {
    let (subfolders, mut files) = entries(folder)?;
    for subfolder in &subfolders {
        files.extend(entries(subfolder)?.1);
    }
    let shown = folder.display().to_string();
    if files.is_empty() {
        return Err(VaeError::Data(format!(
            "{shown} holds no images ({})",
            EXTENSIONS.join(", ")
        )));
    }
    if files.len() > MAX_IMAGES {
        return Err(VaeError::Data(format!(
            "{shown} holds {} images; a dataset holds at most {MAX_IMAGES}",
            files.len()
        )));
    }
    let relative: Vec<String> = files
        .iter()
        .map(|path| {
            let inside = path.strip_prefix(folder).unwrap_or(path);
            inside
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    let labelled = labels_from_paths(&relative, &shown)?;
    let images = files
        .iter()
        .map(|file| read_image(file))
        .collect::<Result<Vec<_>>>()?;
    Ok(Folder {
        files: relative,
        images,
        labels: labelled.labels,
        label_names: labelled.names,
    })
}
